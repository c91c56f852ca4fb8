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
import {
  addressInUse,
  checkCurrentPassword,
  findByEmail,
  lockAddress,
  refuseAddressInUse,
} from '#services/account_service'
import { issueToken } from '#services/access_token_service'
import { endEveryWayIn, endMailedLinks } from '#services/account_security'
import { hashPassword } from '#services/passwords'
import { appLink, queueMail } from '#services/mail'
import { throttles } from '#services/throttles'
import { describeError } from '#services/log_redaction'

export const RESET_MINUTES = 60
export const EMAIL_CHANGE_HOURS = 24
/** How long the old address can undo an email change ("this was not me"). */
export const EMAIL_REVERT_DAYS = 7

type Purpose = 'password_reset' | 'email_change' | 'email_revert'

/** Who is asking, for the throttles: their address, and the token they are signed in with. */
export interface Asker {
  ip: string
  jti?: string | null
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * A new single-use token of `userId` (its hash stored), valid until `expiresAt`, made
 * for the account's credentials as they are now: a change of them ends it.
 */
async function newMailToken(
  trx: TransactionClientContract,
  userId: number,
  purpose: Purpose,
  expiresAt: DateTime,
  emails: { newEmail?: string; previousEmail?: string } = {}
) {
  const token = randomBytes(32).toString('base64url')
  const owner = await trx
    .from('users')
    .where('id', userId)
    .forUpdate()
    .select('credentials_version')
    .firstOrFail()
  await trx.table('mail_tokens').insert({
    user_id: userId,
    purpose,
    token_hash: hashOf(token),
    new_email: emails.newEmail ?? null,
    previous_email: emails.previousEmail ?? null,
    credentials_version: owner.credentials_version,
    expires_at: expiresAt.toSQL(),
  })
  return token
}

interface MailTokenRow {
  id: number
  user_id: number
  new_email: string | null
  previous_email: string | null
}

/**
 * The live token row for `token` (locked for the transaction), or refused on the field
 * `token`. A reset or email-change link also needs the account's credentials unchanged
 * since it was made; the link that undoes an email change outlives such changes.
 */
async function liveMailToken(
  trx: TransactionClientContract,
  token: string,
  purpose: Purpose,
  refusal: string
): Promise<MailTokenRow> {
  const row = /^[\w-]{20,100}$/.test(token)
    ? await trx
        .from('mail_tokens')
        .join('users', 'users.id', 'mail_tokens.user_id')
        .where({ 'mail_tokens.token_hash': hashOf(token), 'mail_tokens.purpose': purpose })
        .forUpdate()
        .select('mail_tokens.*', 'users.credentials_version as current_version')
        .first()
    : null
  const stale = row && purpose !== 'email_revert' && row.credentials_version !== row.current_version
  if (!row || row.used_at || stale || new Date(row.expires_at).getTime() <= Date.now()) {
    throw AppError.invalid(refusal, 'token')
  }
  return row
}

const markUsed = (trx: TransactionClientContract, id: number) =>
  trx.from('mail_tokens').where('id', id).update({ used_at: DateTime.utc().toSQL() })

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
 * Sets a new password with a reset token: every earlier sign-in of the account ends,
 * and every other mailed link of it, and the reader is signed in.
 */
export function resetPassword(token: string, password: string, userAgent?: string) {
  return db.transaction(async (trx) => {
    const row = await liveMailToken(trx, token, 'password_reset', RESET_LINK_REFUSED)
    const user = await User.query({ client: trx }).where('id', row.user_id).firstOrFail()
    user.password = await hashPassword(password)
    await user.useTransaction(trx).save()
    await endEveryWayIn(trx, user.id, 'password_changed')
    const issued = await issueToken(user, userAgent, trx)
    return { user, issued, claimed: false }
  })
}

/**
 * Asks to change the account's email to `email`: after the current password, a link
 * to the new address (valid a day) and a notice to the old one, whose own link undoes
 * the change for a week. The email changes only when the first link is followed;
 * earlier pending changes are dropped. Throttled per account and address; an address
 * taken (or a look-alike of one) is said as registration says it, and as often.
 */
export async function requestEmailChange(
  user: User,
  email: string,
  currentPassword: string,
  asker: Asker
) {
  await throttles.emailChange(user.id, asker.ip).consume()
  await checkCurrentPassword(user, currentPassword, 'current_password', asker.jti)
  if (email.trim().toLowerCase() === user.email?.toLowerCase()) {
    throw AppError.invalid('That is your email already.', 'email')
  }
  const inUse = await addressInUse(email, { exceptUserId: user.id })
  if (inUse) await refuseAddressInUse(inUse, asker.ip)
  await throttles.emailChangeMail(email).consume()
  const { confirm, revert } = await db.transaction(async (trx) => {
    await trx
      .from('mail_tokens')
      .where({ user_id: user.id, purpose: 'email_change' })
      .whereNull('used_at')
      .update({ used_at: DateTime.utc().toSQL() })
    const expires = DateTime.utc().plus({ hours: EMAIL_CHANGE_HOURS })
    return {
      confirm: await newMailToken(trx, user.id, 'email_change', expires, { newEmail: email }),
      revert: user.email
        ? await newMailToken(
            trx,
            user.id,
            'email_revert',
            DateTime.utc().plus({ days: EMAIL_REVERT_DAYS }),
            { previousEmail: user.email }
          )
        : null,
    }
  })
  await queueMail(email, 'Confirm your new Comic Pile email', 'email_confirm', {
    link: appLink(`email/confirm/${confirm}`),
    hours: EMAIL_CHANGE_HOURS,
  })
  if (user.email && revert) {
    await queueMail(user.email, 'Your Comic Pile email is about to change', 'email_notice', {
      newEmail: email,
      hours: EMAIL_CHANGE_HOURS,
      days: EMAIL_REVERT_DAYS,
      link: appLink(`email/revert/${revert}`),
    })
  }
  return { user, pendingEmail: email }
}

/** The address an email change of the account waits to confirm, if any. */
export async function pendingEmailOf(userId: number): Promise<string | null> {
  const row = await db
    .from('mail_tokens')
    .where({ user_id: userId, purpose: 'email_change' })
    .whereNull('used_at')
    .where('expires_at', '>', DateTime.utc().toSQL())
    .orderBy('id', 'desc')
    .select('new_email')
    .first()
  return row?.new_email ?? null
}

/** Drops a pending email change: its link stops working. Whether there was one. */
export async function cancelEmailChange(userId: number): Promise<boolean> {
  const ended = await db
    .from('mail_tokens')
    .where({ user_id: userId, purpose: 'email_change' })
    .whereNull('used_at')
    .update({ used_at: DateTime.utc().toSQL() })
  return Number(ended) > 0
}

export const EMAIL_LINK_REFUSED =
  'This confirmation link does not work any more: it was used already, replaced by a newer one, cancelled, or it is more than a day old. Ask for the change again.'

/**
 * Changes the email with a confirmation token; an address taken meanwhile (or a
 * look-alike of one) is refused. Every other mailed link of the account ends.
 */
export function confirmEmailChange(token: string) {
  return db.transaction(async (trx) => {
    const row = await liveMailToken(trx, token, 'email_change', EMAIL_LINK_REFUSED)
    const email = row.new_email!
    await lockAddress(trx, email)
    if (await addressInUse(email, { exceptUserId: row.user_id, trx })) {
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
    await markUsed(trx, row.id)
    await endMailedLinks(trx, user.id)
    return user
  })
}

export const REVERT_LINK_REFUSED =
  'This link does not work any more: it was used already, or it is more than a week old. If you cannot sign in, ask for a password reset.'

/**
 * "This was not me", from the notice mailed to the old address: the old email comes
 * back (even after the change was confirmed), every device is signed out, every
 * mailed link ends and the password stops working. Answers a reset token for the
 * page to choose a new password with at once; a later undo link of the account (made
 * by whoever changed it since) ends too, an earlier one stays.
 */
export function undoEmailChange(token: string) {
  return db.transaction(async (trx) => {
    const row = await liveMailToken(trx, token, 'email_revert', REVERT_LINK_REFUSED)
    const user = await User.query({ client: trx })
      .where('id', row.user_id)
      .forUpdate()
      .firstOrFail()
    const previous = row.previous_email!
    await lockAddress(trx, previous)
    if (await addressInUse(previous, { exceptUserId: user.id, trx })) {
      throw AppError.invalid(
        'Another account uses that address now, so it cannot come back. Ask the person who runs this server for help.',
        'token'
      )
    }
    user.email = previous
    user.password = null
    await user.useTransaction(trx).save()
    await trx
      .from('mail_tokens')
      .where({ user_id: user.id, purpose: 'email_revert' })
      .where('id', '>=', row.id)
      .whereNull('used_at')
      .update({ used_at: DateTime.utc().toSQL() })
    await endEveryWayIn(trx, user.id, 'email_change_undone')
    const reset = await newMailToken(
      trx,
      user.id,
      'password_reset',
      DateTime.utc().plus({ minutes: RESET_MINUTES })
    )
    return { user, resetToken: reset }
  })
}

/**
 * Deletes the account and every row it owns (threads, issues, sessions, events, undo
 * snapshots, tokens, mail tokens) in one transaction; its tokens stop working at once.
 * The last admin account stays.
 */
export async function deleteAccount(user: User, password: string, jti?: string | null) {
  await checkCurrentPassword(user, password, 'password', jti)
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
