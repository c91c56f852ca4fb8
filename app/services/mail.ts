import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { AppError } from '#exceptions/app_error'

/**
 * Mail, as the accounts' flows use it. It is on when SMTP_HOST is set, and in
 * development and tests (mails then go under tmp/mails/, see config/mail.ts).
 */
export function mailAvailable() {
  return Boolean(env.get('SMTP_HOST')) || !app.inProduction
}

/** What a flow that needs mail says on a server that sends none. */
export function mailUnavailableMessage(what: string) {
  const contact = env.get('SUPPORT_CONTACT')
  return `${what} is not available on this server: it sends no mail. ${
    contact ? `Ask ${contact} for help.` : 'Ask the person who runs it for help.'
  }`
}

/** Refuses `what` (a 503 naming whom to ask) on a server that sends no mail. */
export function requireMail(what: string) {
  if (!mailAvailable()) throw AppError.unavailable(mailUnavailableMessage(what))
}

/** A link to `path` of the app, from APP_URL: never from a request's Host or forwarded headers. */
export function appLink(path: string) {
  const base = env.get('APP_URL')!
  return new URL(path, base.endsWith('/') ? base : `${base}/`).toString()
}
