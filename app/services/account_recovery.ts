/**
 * Accounts a person can recover and leave: a password reset and an email change by a
 * single-use link sent by mail, and the deletion of an account with all it owns.
 */
import { createHash, randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import logger from '@adonisjs/core/services/logger'
import User from '#models/user'
import { AppError } from '#exceptions/app_error'
import { checkCurrentPassword, findByEmail } from '#services/account_service'
import { issueToken, revokeAllTokens } from '#services/access_token_service'
import { hashPassword } from '#services/passwords'
import { appLink, queueMail } from '#services/mail'
import { throttles } from '#services/throttles'
import { describeError } from '#services/log_redaction'

export const RESET_MINUTES = 60
export const EMAIL_CHANGE_HOURS = 24

type Purpose = 'password_reset' | 'email_change'

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex')

/** A new single-use token for `user` (its hash stored), valid until `expiresAt`. */
async function newMailToken(
  trx: TransactionClientContract,
  userId: number,
  purpose: Purpose,
  expiresAt: DateTime,
  newEmail: string | null = null
) {
  const token = randomBytes(32).toString('base64url')
  await trx.table('mail_tokens').insert({
    user_id: userId,
    purpose,
    token_hash: hashOf(token),
    new_email: newEmail,
    expires_at: expiresAt.toSQL(),
  })
  return token
}

/** The live token row for `token` (locked for the transaction), or refused on the field `token`. */
async function liveMailToken(
  trx: TransactionClientContract,
  token: string,
  purpose: Purpose,
  refusal: string
) {
  const row = /^[\w-]{20,100}$/.test(token)
    ? await trx
        .from('mail_tokens')
        .where({ token_hash: hashOf(token), purpose })
        .forUpdate()
        .first()
    : null
  if (!row || row.used_at || new Date(row.expires_at).getTime() <= Date.now()) {
    throw AppError.invalid(refusal, 'token')
  }
  return row as { id: number; user_id: number; new_email: string | null }
}

/**
 * Mails a reset link to the account of `email`, if there is one, at most five an hour.
 * Run after the answer is sent: the asker learns nothing from the answer or its time.
 */
export async function mailPasswordReset(email: string) {
  try {
    const user = await findByEmail(email)
    if (!user?.email) return
    try {
      await throttles.passwordResetMail(email).consume()
    } catch {
      return
    }
    const token = await db.transaction((trx) =>
      newMailToken(trx, user.id, 'password_reset', DateTime.utc().plus({ minutes: RESET_MINUTES }))
    )
    await queueMail(user.email, 'Reset your Comic Pile password', 'password_reset', {
      link: appLink(`password/reset/${token}`),
      minutes: RESET_MINUTES,
    })
  } catch (error) {
    logger.error({ err: describeError(error) }, 'a password reset could not be mailed')
  }
}

export const RESET_LINK_REFUSED =
  'This reset link does not work any more: it was used already, or it is more than an hour old. Ask for a new one.'

/**
 * Sets a new password with a reset token: every earlier sign-in of the account ends
 * (and every other reset link of it), and the reader is signed in.
 */
export function resetPassword(token: string, password: string, userAgent?: string) {
  return db.transaction(async (trx) => {
    const row = await liveMailToken(trx, token, 'password_reset', RESET_LINK_REFUSED)
    const user = await User.query({ client: trx }).where('id', row.user_id).firstOrFail()
    user.password = await hashPassword(password)
    await user.useTransaction(trx).save()
    await trx
      .from('mail_tokens')
      .where({ user_id: user.id, purpose: 'password_reset' })
      .whereNull('used_at')
      .update({ used_at: DateTime.utc().toSQL() })
    await revokeAllTokens(user.id, 'password_changed', { trx })
    const issued = await issueToken(user, userAgent, trx)
    return { user, issued, claimed: false }
  })
}

/**
 * Asks to change the account's email to `email`: after the current password, a link
 * to the new address (valid a day) and a notice to the old one. The email changes only
 * when the link is followed. Earlier pending changes are dropped.
 */
export async function requestEmailChange(user: User, email: string, currentPassword: string) {
  await checkCurrentPassword(user, currentPassword, 'current_password')
  if (email === user.email) throw AppError.invalid('That is your email already.', 'email')
  if (await findByEmail(email)) {
    throw AppError.invalid('Another account uses this email.', 'email')
  }
  const token = await db.transaction(async (trx) => {
    await trx
      .from('mail_tokens')
      .where({ user_id: user.id, purpose: 'email_change' })
      .whereNull('used_at')
      .update({ used_at: DateTime.utc().toSQL() })
    return newMailToken(
      trx,
      user.id,
      'email_change',
      DateTime.utc().plus({ hours: EMAIL_CHANGE_HOURS }),
      email
    )
  })
  await queueMail(email, 'Confirm your new Comic Pile email', 'email_confirm', {
    link: appLink(`email/confirm/${token}`),
    hours: EMAIL_CHANGE_HOURS,
  })
  if (user.email) {
    await queueMail(user.email, 'Your Comic Pile email is about to change', 'email_notice', {
      newEmail: email,
      hours: EMAIL_CHANGE_HOURS,
    })
  }
  return { user, pendingEmail: email }
}

export const EMAIL_LINK_REFUSED =
  'This confirmation link does not work any more: it was used already, replaced by a newer one, or it is more than a day old. Ask for the change again.'

/** Changes the email with a confirmation token; an address taken meanwhile is refused. */
export function confirmEmailChange(token: string) {
  return db.transaction(async (trx) => {
    const row = await liveMailToken(trx, token, 'email_change', EMAIL_LINK_REFUSED)
    const email = row.new_email!
    const taken = await findByEmail(email, trx)
    if (taken && taken.id !== row.user_id) {
      throw AppError.invalid('Another account took this email meanwhile.', 'token')
    }
    const user = await User.query({ client: trx }).where('id', row.user_id).firstOrFail()
    user.email = email
    try {
      await user.useTransaction(trx).save()
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw AppError.invalid('Another account took this email meanwhile.', 'token')
      }
      throw error
    }
    await trx.from('mail_tokens').where('id', row.id).update({ used_at: DateTime.utc().toSQL() })
    return user
  })
}

/**
 * Deletes the account and every row it owns (threads, issues, sessions, events, undo
 * snapshots, tokens, mail tokens) in one transaction; its tokens stop working at once.
 * The last admin account stays.
 */
export async function deleteAccount(user: User, password: string) {
  await checkCurrentPassword(user, password, 'password')
  await db.transaction(async (trx) => {
    // The admins are locked in one order, so two admins deleting themselves at once
    // apply one after the other and the second sees that it is the last.
    const admins = await trx
      .from('users')
      .where('is_admin', true)
      .orderBy('id')
      .forUpdate()
      .select('id')
    const isAdmin = admins.some((row) => row.id === user.id)
    if (isAdmin && admins.length === 1) {
      throw AppError.conflict(
        'This is the last admin account: make another account an admin first (npm run ace -- user:admin <email>).'
      )
    }
    await trx.from('users').where('id', user.id).delete()
  })
}
