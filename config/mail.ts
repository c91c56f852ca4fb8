import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, transports } from '@adonisjs/mail'
import { FileMailTransport } from '#services/file_mail_transport'

/**
 * Mail goes through SMTP exactly when SMTP_HOST is set. Without it, development and
 * tests write each mail under tmp/mails/ (and print its link); production has no mail
 * at all, and the flows that need it say so (see app/services/mail.ts).
 */
const mailConfig = defineConfig({
  default: env.get('SMTP_HOST') ? 'smtp' : 'files',
  from: env.get('MAIL_FROM') ?? 'Comic Pile <no-reply@comic-pile.localhost>',
  mailers: {
    smtp: transports.smtp({
      host: env.get('SMTP_HOST') ?? 'localhost',
      port: env.get('SMTP_PORT') ?? 587,
      secure: env.get('SMTP_SECURE') ?? false,
      auth: env.get('SMTP_USERNAME')
        ? { type: 'login', user: env.get('SMTP_USERNAME')!, pass: env.get('SMTP_PASSWORD') ?? '' }
        : undefined,
    }),
    files: () => new FileMailTransport(app.tmpPath('mails')),
  },
})

export default mailConfig

declare module '@adonisjs/mail/types' {
  export interface MailersList extends InferMailers<typeof mailConfig> {}
}
