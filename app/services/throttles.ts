import { createHash } from 'node:crypto'
import limiter from '@adonisjs/limiter/services/main'

/** A counter's key: what it counts, and a hash of whom (any length of email or address fits). */
function keyOf(what: string, whom: string) {
  return `${what}:${createHash('sha256').update(whom).digest('base64url')}`
}

/**
 * Named throttles, in one place. Counters live in PostgreSQL (shared by every
 * process). Sign-in failures are counted per account and address together, and per
 * address: a stranger's failures from elsewhere never lock the owner out of their own
 * device. Across every address, failures for one account only slow its sign-ins.
 */
export const throttles = {
  signIn(email: string, ip: string) {
    return limiter.multi([
      {
        requests: 5,
        duration: '15 mins',
        blockDuration: '15 mins',
        key: keyOf('sign_in:pair', `${email.trim().toLowerCase()} ${ip}`),
      },
      {
        requests: 20,
        duration: '15 mins',
        blockDuration: '15 mins',
        key: keyOf('sign_in:ip', ip),
      },
    ])
  },
  /** Failures for one account from anywhere: past the limit, its sign-ins wait a little. */
  signInAccount(email: string) {
    const key = keyOf('sign_in:account', email.trim().toLowerCase())
    const counter = limiter.use({ requests: 50, duration: '15 mins' })
    return {
      exhausted: async () => (await counter.remaining(key)) <= 0,
      failed: () => counter.increment(key),
    }
  },
  register(ip: string) {
    return limiter.multi([{ requests: 10, duration: '1 hour', key: keyOf('register:ip', ip) }])
  },
  /** Wrong passwords given by one sign-in (a token) before a change that needs it. */
  currentPassword(signIn: string) {
    return limiter.multi([
      {
        requests: 5,
        duration: '15 mins',
        blockDuration: '15 mins',
        key: keyOf('current_password', signIn),
      },
    ])
  },
  /** Asks for a password reset from one address. */
  passwordResetRequest(ip: string) {
    return limiter.multi([
      { requests: 20, duration: '1 hour', key: keyOf('password_reset:ip', ip) },
    ])
  },
  /** Reset mails to one email (asks beyond it still answer the same, and mail nothing). */
  passwordResetMail(email: string) {
    return limiter.multi([mailQuota('password_reset_mail', email)])
  },
  /** Asks for an email change, per account and per address. */
  emailChange(userId: number, ip: string) {
    return limiter.multi([
      { requests: 5, duration: '1 hour', key: keyOf('email_change:account', String(userId)) },
      { requests: 20, duration: '1 hour', key: keyOf('email_change:ip', ip) },
    ])
  },
  /** Views of shared lists from one address (every link's together). */
  sharedPage(ip: string) {
    return limiter.multi([{ requests: 60, duration: '1 min', key: keyOf('shared_page:ip', ip) }])
  },
  /** Confirmation mails to one address, whoever asks. */
  emailChangeMail(email: string) {
    return limiter.multi([mailQuota('email_change_mail', email)])
  },
}

/** Mails a quota lets go to one address in an hour. */
const MAIL_QUOTAS = { password_reset_mail: 5, email_change_mail: 3 }
export type MailQuota = keyof typeof MAIL_QUOTAS

function mailQuota(name: MailQuota, email: string) {
  return {
    requests: MAIL_QUOTAS[name],
    duration: '1 hour',
    key: keyOf(name, email.trim().toLowerCase()),
  }
}

/** Hands back the quota a mail spent when it is given up: quotas count mails that went out. */
export async function refundMailQuota(name: MailQuota, email: string) {
  const { key, ...options } = mailQuota(name, email)
  await limiter.use(options).decrement(key)
}

export const THROTTLED_MESSAGE = 'Too many attempts. Wait a little and try again.'
