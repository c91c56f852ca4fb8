import { createHash } from 'node:crypto'
import limiter from '@adonisjs/limiter/services/main'

/** A counter's key: what it counts, and a hash of whom (any length of email or address fits). */
function keyOf(what: string, whom: string) {
  return `${what}:${createHash('sha256').update(whom).digest('base64url')}`
}

/**
 * Named throttles, in one place. Counters live in PostgreSQL (shared by every
 * process). Sign-in counts failures per account and per IP.
 */
export const throttles = {
  signIn(email: string, ip: string) {
    return limiter.multi([
      {
        requests: 5,
        duration: '15 mins',
        blockDuration: '15 mins',
        key: keyOf('sign_in:account', email),
      },
      {
        requests: 20,
        duration: '15 mins',
        blockDuration: '15 mins',
        key: keyOf('sign_in:ip', ip),
      },
    ])
  },
  register(ip: string) {
    return limiter.multi([{ requests: 10, duration: '1 hour', key: keyOf('register:ip', ip) }])
  },
  /** Wrong passwords given by a signed-in reader before a change that needs it. */
  currentPassword(userId: number) {
    return limiter.multi([
      {
        requests: 5,
        duration: '15 mins',
        blockDuration: '15 mins',
        key: keyOf('current_password', String(userId)),
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
    return limiter.multi([
      { requests: 5, duration: '1 hour', key: keyOf('password_reset:email', email) },
    ])
  },
}

export const THROTTLED_MESSAGE = 'Too many attempts. Wait a little and try again.'
