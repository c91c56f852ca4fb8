/**
 * What ends when an account's ways in change. A password reset or change, signing out
 * everywhere, an admin's revoke and an email change each end every outstanding mailed
 * link of the account (a password reset, an email change) and bump its credentials
 * version, in the transaction of the change: a link made before it works no more, and
 * nothing pending survives a recovery. The link that undoes an email change from the old
 * address is the one kept: it is the owner's way back.
 */
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { revokeAllTokens, type SignOutReason } from '#services/access_token_service'

/** The mailed links a change of credentials ends. */
const ENDED_BY_A_CHANGE = ['password_reset', 'email_change']

/** Ends the account's outstanding reset and email-change links and bumps its version. */
export async function endMailedLinks(trx: TransactionClientContract, userId: number) {
  await trx
    .from('mail_tokens')
    .where('user_id', userId)
    .whereIn('purpose', ENDED_BY_A_CHANGE)
    .whereNull('used_at')
    .update({ used_at: DateTime.utc().toSQL() })
  await trx.from('users').where('id', userId).increment('credentials_version', 1)
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
