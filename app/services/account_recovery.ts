/**
 * Accounts a person can recover and leave: a password reset and an email change by a
 * single-use link sent by mail, and the deletion of an account with all it owns.
 */
import { createHash, randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
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
import { endEveryWayIn, endMailedLinks, endNewerUndoLinks } from '#services/account_security'
import { emailSkeleton } from '#services/email_identity'
import { hashPassword } from '#services/passwords'
import { appLink } from '#services/mail'
import { enqueueMail, enqueueResetAsk } from '#services/mail_queue'
import { throttles } from '#services/throttles'

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
    previous_skeleton: emails.previousEmail ? emailSkeleton(emails.previousEmail) : null,
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
  const found = /^[\w-]{20,100}$/.test(token)
    ? await trx
        .from('mail_tokens')
        .where({ token_hash: hashOf(token), purpose })
        .select('user_id')
        .first()
    : null
  // The account first, then its link: every change of an account's links locks in that
  // order (a link followed while a reset ends it waits, never deadlocks).
  const owner = found
    ? await trx
        .from('users')
        .where('id', found.user_id)
        .forUpdate()
        .select('credentials_version')
        .first()
    : null
  const row = owner
    ? await trx
        .from('mail_tokens')
        .where({ token_hash: hashOf(token), purpose })
        .forUpdate()
        .first()
    : null
  const stale =
    row && purpose !== 'email_revert' && row.credentials_version !== owner.credentials_version
  if (!row || row.used_at || stale || new Date(row.expires_at).getTime() <= Date.now()) {
    throw AppError.invalid(refusal, 'token')
  }
  return row
}

const markUsed = (trx: TransactionClientContract, id: number) =>
  trx.from('mail_tokens').where('id', id).update({ used_at: DateTime.utc().toSQL() })

/**
 * Mails a reset link to the account of `email`, if there is one, at most five an hour.
 * Run by the mail queue after the answer (`askPasswordReset`): the asker learns nothing
 * from the answer or its time. The token and its mail are stored in one transaction.
 */
export async function mailPasswordReset(email: string) {
  const user = await findByEmail(email)
  if (!user?.email) return
  const to = user.email
  try {
    await throttles.passwordResetMail(to).consume()
  } catch (error) {
    // Past the quota, an ask mails nothing (and still answered 202).
    if ((error as { code?: string }).code === 'E_TOO_MANY_REQUESTS') return
    throw error
  }
  await db.transaction(async (trx) => {
    const expires = DateTime.utc().plus({ minutes: RESET_MINUTES })
    const token = await newMailToken(trx, user.id, 'password_reset', expires)
    await enqueueMail(trx, {
      to,
      subject: 'Reset your Comic Pile password',
      template: 'password_reset',
      data: { link: appLink(`password/reset/${token}`), minutes: RESET_MINUTES },
      quota: { name: 'password_reset_mail', whom: to },
    })
  })
}

/** Asks for a reset of `email`'s password: stored at once, looked up and mailed after. */
export function askPasswordReset(email: string) {
  return enqueueResetAsk(email)
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
  // The password first (its wrong guesses are counted per sign-in): a stolen token
  // without it cannot spend the account's asks.
  await checkCurrentPassword(user, currentPassword, 'current_password', asker.jti)
  await throttles.emailChange(user.id, asker.ip).consume()
  if (email.trim().toLowerCase() === user.email?.toLowerCase()) {
    throw AppError.invalid('That is your email already.', 'email')
  }
  const inUse = await addressInUse(email, { exceptUserId: user.id })
  if (inUse) await refuseAddressInUse(inUse, asker.ip)
  await throttles.emailChangeMail(email).consume()
  await db.transaction(async (trx) => {
    await trx
      .from('mail_tokens')
      .where({ user_id: user.id, purpose: 'email_change' })
      .whereNull('used_at')
      .update({ used_at: DateTime.utc().toSQL() })
    const expires = DateTime.utc().plus({ hours: EMAIL_CHANGE_HOURS })
    const confirm = await newMailToken(trx, user.id, 'email_change', expires, { newEmail: email })
    await enqueueMail(trx, {
      to: email,
      subject: 'Confirm your new Comic Pile email',
      template: 'email_confirm',
      data: { link: appLink(`email/confirm/${confirm}`), hours: EMAIL_CHANGE_HOURS },
      quota: { name: 'email_change_mail', whom: email },
    })
    if (!user.email) return
    const until = DateTime.utc().plus({ days: EMAIL_REVERT_DAYS })
    const revert = await newMailToken(trx, user.id, 'email_revert', until, {
      previousEmail: user.email,
    })
    await enqueueMail(trx, {
      to: user.email,
      subject: 'Your Comic Pile email is about to change',
      template: 'email_notice',
      data: {
        newEmail: email,
        hours: EMAIL_CHANGE_HOURS,
        days: EMAIL_REVERT_DAYS,
        link: appLink(`email/revert/${revert}`),
      },
    })
  })
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
export function cancelEmailChange(userId: number): Promise<boolean> {
  return db.transaction(async (trx) => {
    await trx.from('users').where('id', userId).forUpdate().select('id')
    const ended = await trx
      .from('mail_tokens')
      .where({ user_id: userId, purpose: 'email_change' })
      .whereNull('used_at')
      .update({ used_at: DateTime.utc().toSQL() })
    await endNewerUndoLinks(trx, userId)
    return Number(ended) > 0
  })
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
    if ((await addressInUse(previous, { exceptUserId: user.id, trx })) === 'taken') {
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
