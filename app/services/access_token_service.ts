import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import { createSigner, createVerifier } from 'fast-jwt'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import env from '#start/env'
import User from '#models/user'
import AccessToken from '#models/access_token'
import { columnsOf, preparedQuery, statementText } from '#services/prepared_statements'

const ISSUER = 'comic-pile'
const AUDIENCE = 'comic-pile'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** last_used_at is refreshed at most this often, so a request costs no write. */
const LAST_USED_PRECISION_MINUTES = 5

/**
 * HS256 only, with our issuer and audience; verification is synchronous (node:crypto).
 * Made at first use: tooling that loads this module (codegen) needs no secret.
 */
let jwt:
  | {
      sign: (payload: object) => string
      verify: (token: string) => unknown
      /** The signature check alone (expiry aside), to tell why a token no longer works. */
      verifyIgnoringExpiry: (token: string) => unknown
    }
  | undefined
function signing() {
  const key = env.get('JWT_SECRET')
  const claims = { algorithms: ['HS256' as const], allowedIss: ISSUER, allowedAud: AUDIENCE }
  jwt ??= {
    sign: createSigner({ key, algorithm: 'HS256', iss: ISSUER, aud: AUDIENCE }),
    verify: createVerifier({
      key,
      ...claims,
      requiredClaims: ['sub', 'jti', 'exp', 'iat'],
      checkTyp: 'JWT',
    }),
    verifyIgnoringExpiry: createVerifier({
      key,
      ...claims,
      requiredClaims: ['sub', 'jti'],
      ignoreExpiration: true,
    }),
  }
  return jwt
}

export interface IssuedToken {
  token: string
  jti: string
  expiresAt: DateTime
}

export interface ResolvedToken {
  user: User
  jti: string
}

/** Signs a new access token for `user` and records its row. */
export async function issueToken(
  user: User,
  userAgent: string | undefined,
  trx?: TransactionClientContract
): Promise<IssuedToken> {
  const jti = randomUUID()
  const days = env.get('JWT_EXPIRES_DAYS') ?? 30
  const now = DateTime.utc()
  const expiresAt = now.plus({ days })
  await AccessToken.create(
    { userId: user.id, jti, userAgent: userAgent?.slice(0, 512) ?? null, expiresAt },
    { client: trx }
  )
  const token = signing().sign({
    sub: String(user.id),
    jti,
    exp: Math.floor(expiresAt.toSeconds()),
  })
  return { token, jti, expiresAt }
}

/** The token's row, if live, with its user's columns (a named prepared statement). */
const tokenLookup = statementText(
  () => `SELECT ${columnsOf(User, 'users').join(', ')},
      access_tokens.last_used_at AS token_last_used_at
    FROM access_tokens JOIN users ON users.id = access_tokens.user_id
   WHERE access_tokens.jti = ? AND access_tokens.user_id = ?
     AND access_tokens.revoked_at IS NULL AND access_tokens.expires_at > now()`
)

/**
 * The user of a valid token: signature (HS256 only), issuer, audience and expiry
 * check out, and its row is neither revoked nor expired. Null otherwise.
 */
export async function resolveToken(token: string): Promise<ResolvedToken | null> {
  let sub: string | undefined
  let jti: string | undefined
  try {
    const payload = signing().verify(token) as { sub?: unknown; jti?: unknown }
    sub = typeof payload.sub === 'string' ? payload.sub : undefined
    jti = typeof payload.jti === 'string' ? payload.jti : undefined
  } catch {
    return null
  }
  if (!jti || !UUID.test(jti) || !sub || !/^\d{1,9}$/.test(sub)) return null

  const { rows } = await preparedQuery(db.connection(), tokenLookup(), [jti, Number(sub)])
  const row = rows[0]
  if (!row) return null

  const lastUsed = row.token_last_used_at ? DateTime.fromJSDate(row.token_last_used_at) : null
  if (!lastUsed || lastUsed < DateTime.utc().minus({ minutes: LAST_USED_PRECISION_MINUTES })) {
    await db
      .from('access_tokens')
      .where('jti', jti)
      .update({ last_used_at: DateTime.utc().toSQL() })
  }
  delete row.token_last_used_at
  return { user: User.$createFromAdapterResult(row)!, jti }
}

/**
 * Why a token stopped working: revoked by its own sign-out, from another device's list,
 * by "sign out everywhere", by a password change or by an administrator; or expired.
 */
export type SignOutReason =
  | 'signed_out'
  | 'signed_out_elsewhere'
  | 'signed_out_everywhere'
  | 'password_changed'
  | 'revoked_by_admin'
  | 'email_change_undone'
  | 'expired'

/** Revokes one token of `userId` by its row id or jti. Returns whether a live token was revoked. */
export async function revokeToken(
  userId: number,
  by: { jti: string } | { id: number },
  reason: SignOutReason = 'signed_out'
) {
  const query = db.from('access_tokens').where('user_id', userId).whereNull('revoked_at')
  if ('jti' in by) query.where('jti', by.jti)
  else query.where('id', by.id)
  const count = await query.update({ revoked_at: DateTime.utc().toSQL(), revoked_reason: reason })
  return Number(count) > 0
}

/** Revokes every live token of `userId`, except `keepJti` when given. Returns how many. */
export async function revokeAllTokens(
  userId: number,
  reason: SignOutReason,
  options: { keepJti?: string; trx?: TransactionClientContract } = {}
) {
  const query = (options.trx ?? db)
    .from('access_tokens')
    .where('user_id', userId)
    .whereNull('revoked_at')
  if (options.keepJti) query.whereNot('jti', options.keepJti)
  return Number(await query.update({ revoked_at: DateTime.utc().toSQL(), revoked_reason: reason }))
}

/**
 * Why a token of ours that no longer signs anyone in stopped working, if it can be told:
 * null for a token that is not ours (a forged or garbled one says nothing).
 */
export async function signOutReason(token: string): Promise<SignOutReason | null> {
  let payload: { sub?: unknown; jti?: unknown; exp?: unknown }
  try {
    payload = signing().verifyIgnoringExpiry(token) as typeof payload
  } catch {
    return null
  }
  const { jti, sub } = payload
  if (typeof jti !== 'string' || !UUID.test(jti) || typeof sub !== 'string') return null
  if (!/^\d{1,9}$/.test(sub)) return null
  if (typeof payload.exp === 'number' && payload.exp * 1000 <= Date.now()) return 'expired'
  const row = await db
    .from('access_tokens')
    .where({ jti, user_id: Number(sub) })
    .select('revoked_at', 'revoked_reason', 'expires_at')
    .first()
  if (!row) return 'expired'
  if (row.revoked_at) return (row.revoked_reason as SignOutReason | null) ?? 'signed_out_elsewhere'
  return new Date(row.expires_at).getTime() <= Date.now() ? 'expired' : null
}

/** Deletes expired token rows (kept a day for the account page) and stale throttle counters. */
export async function pruneTokens() {
  const cutoff = DateTime.utc().minus({ days: 1 }).toSQL()!
  const tokens = await db.from('access_tokens').where('expires_at', '<', cutoff).delete()
  const revoked = await db
    .from('access_tokens')
    .where('revoked_at', '<', DateTime.utc().minus({ days: 30 }).toSQL()!)
    .delete()
  const counters = await db.from('rate_limits').where('expire', '<', Date.now()).delete()
  // Mailed links (password reset, email change) used or past their time are inert.
  const mailed = await db
    .from('mail_tokens')
    .where((query) => query.whereNotNull('used_at').orWhere('expires_at', '<', cutoff))
    .delete()
  return {
    tokens: Number(tokens) + Number(revoked) + Number(mailed),
    counters: Number(counters),
  }
}

/** The live tokens of `userId` for the account page, newest first. */
export function listTokens(userId: number) {
  return AccessToken.query()
    .where('user_id', userId)
    .whereNull('revoked_at')
    .where('expires_at', '>', DateTime.utc().toSQL()!)
    .orderBy('created_at', 'desc')
    .limit(50)
}
