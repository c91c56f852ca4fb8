/**
 * What ends when an account's ways in change. A password reset or change, signing out
 * everywhere, an admin's revoke and an email change each end every outstanding mailed
 * link of the account (a password reset, an email change) and bump its credentials
 * version, in the transaction of the change: a link made before it works no more, and
 * nothing pending survives a recovery. Of the links that undo an email change from an
 * old address, only the oldest is kept: it is the owner's way back.
 */
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { revokeAllTokens, type SignOutReason } from '#services/access_token_service'

/** The mailed links a change of credentials ends. */
const ENDED_BY_A_CHANGE = ['password_reset', 'email_change']

/**
 * Ends the account's outstanding reset and email-change links, and every undo link but
 * the oldest, and bumps its version.
 */
export async function endMailedLinks(trx: TransactionClientContract, userId: number) {
  await trx
    .from('mail_tokens')
    .where('user_id', userId)
    .whereIn('purpose', ENDED_BY_A_CHANGE)
    .whereNull('used_at')
    .update({ used_at: DateTime.utc().toSQL() })
  await endNewerUndoLinks(trx, userId)
  await trx.from('users').where('id', userId).increment('credentials_version', 1)
}

/**
 * Ends every live undo link of the account but the oldest. The oldest goes to the address
 * the account had before the changes still open to undo: its owner's way back. The later
 * ones go to addresses those changes brought (a thief's, in a takeover), and end with a
 * recovery, a confirmed change or a cancelled one, so they cannot take the account back.
 */
export async function endNewerUndoLinks(trx: TransactionClientContract, userId: number) {
  const now = DateTime.utc().toSQL()
  const live = () =>
    trx
      .from('mail_tokens')
      .where({ user_id: userId, purpose: 'email_revert' })
      .whereNull('used_at')
      .where('expires_at', '>', now)
  const oldest = await live().min('id as id').first()
  if (oldest?.id) await live().where('id', '>', oldest.id).update({ used_at: now })
}

/**
 * Ends every way into the account but the token `keepJti` (the device making the
 * change, when it stays signed in): its access tokens and its mailed links.
 */
export async function endEveryWayIn(
  trx: TransactionClientContract,
  userId: number,
  reason: SignOutReason,
  options: { keepJti?: string } = {}
) {
  const revoked = await revokeAllTokens(userId, reason, { keepJti: options.keepJti, trx })
  await endMailedLinks(trx, userId)
  return revoked
}
