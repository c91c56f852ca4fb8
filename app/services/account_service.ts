import { isTimeZone } from '#domain/reader_settings'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import User from '#models/user'
import { AppError } from '#exceptions/app_error'
import { issueToken, type IssuedToken } from '#services/access_token_service'
import { endEveryWayIn } from '#services/account_security'
import { emailSkeleton } from '#services/email_identity'
import { readTogether } from '#services/reads_together'
import { checkPassword, hashPassword } from '#services/passwords'
import { throttles } from '#services/throttles'

/** users.id of the legacy reader imported from the earlier app, claimable once. */
const LEGACY_USER_ID = 1

export interface SignedIn {
  user: User
  issued: IssuedToken
  claimed: boolean
}

let dummyHash: Promise<string> | undefined
/** Checks against a throwaway hash so an unknown email costs the same time as a wrong password. */
function checkDummy(password: string) {
  dummyHash ??= hashPassword('not-a-real-password-for-timing')
  return dummyHash.then((value) => checkPassword(value, password))
}

function isUniqueViolation(error: unknown) {
  return (error as { code?: string })?.code === '23505'
}

export function findByEmail(email: string, client?: QueryClientContract) {
  return User.query(client ? { client } : {})
    .whereRaw('lower(email) = ?', [email.trim().toLowerCase()])
    .first()
}

/**
 * Why `email` cannot be another account's: it is one's already (case aside), it looks
 * like one's (the same UTS #39 skeleton: `bоb@` with a Cyrillic о beside `bob@`), or it
 * looks like an address an account changed away from and can still take back (for 7
 * days). Null when free.
 */
export async function addressInUse(
  email: string,
  options: { exceptUserId?: number; trx?: QueryClientContract } = {}
): Promise<'taken' | 'look_alike' | null> {
  const client = options.trx ?? db.connection()
  const lower = email.trim().toLowerCase()
  const except = options.exceptUserId
  const [same, alike, reserved] = await readTogether(client, [
    () =>
      client
        .from('users')
        .whereRaw('lower(email) = ?', [lower])
        .if(except !== undefined, (query) => query.whereNot('id', except!))
        .select('id')
        .first(),
    () =>
      client
        .from('users')
        .where('email_skeleton', emailSkeleton(email))
        .if(except !== undefined, (query) => query.whereNot('id', except!))
        .select('id')
        .first(),
    () =>
      client
        .from('mail_tokens')
        .where('purpose', 'email_revert')
        .where('previous_skeleton', emailSkeleton(email))
        .whereNull('used_at')
        .where('expires_at', '>', new Date())
        .if(except !== undefined, (query) => query.whereNot('user_id', except!))
        .select('id')
        .first(),
  ])
  if (same || reserved) return 'taken'
  return alike ? 'look_alike' : null
}

/**
 * Refuses an address in use with a 422 on `email`, counted as registration counts its
 * asks from that address: nobody learns at speed which addresses have accounts.
 */
export async function refuseAddressInUse(why: 'taken' | 'look_alike', ip: string): Promise<never> {
  await throttles.register(ip).consume()
  throw why === 'taken' ? emailTaken() : lookAlike()
}

/**
 * Holds, until the transaction ends, every other transaction giving an account an
 * address that looks like `email`: two look-alikes registered at once cannot both pass.
 */
export async function lockAddress(trx: TransactionClientContract, email: string) {
  await trx.rawQuery('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [emailSkeleton(email)])
}

/**
 * Sets email and password on the unclaimed legacy row (id 1, no email) when it
 * exists. Returns null when there is nothing to claim. Locks the row, so two
 * racing claims cannot both succeed.
 */
async function claimLegacy(
  email: string,
  passwordHash: string,
  timeZone: string | null,
  trx: TransactionClientContract
): Promise<User | null> {
  const legacy = await User.query({ client: trx }).where('id', LEGACY_USER_ID).forUpdate().first()
  if (!legacy || legacy.email !== null) return null
  legacy.merge({ email, password: passwordHash, timeZone: legacy.timeZone ?? timeZone })
  await legacy.useTransaction(trx).save()
  return legacy
}

/**
 * Creates an account (or claims the legacy reader when it is unclaimed) and signs
 * it in. A taken email is a 422 on `email`.
 */
export async function register(
  email: string,
  password: string,
  details: { userAgent?: string; timeZone?: string | null } = {}
): Promise<SignedIn> {
  const { userAgent } = details
  // The browser's zone when it named one this server knows; else UTC until the reader picks.
  const timeZone = details.timeZone && isTimeZone(details.timeZone) ? details.timeZone : null
  const passwordHash = await hashPassword(password)
  try {
    return await db.transaction(async (trx) => {
      await lockAddress(trx, email)
      const inUse = await addressInUse(email, { trx })
      if (inUse) throw inUse === 'taken' ? emailTaken() : lookAlike()
      const claimedUser = await claimLegacy(email, passwordHash, timeZone, trx)
      const user =
        claimedUser ??
        (await User.create(
          { email, password: passwordHash, isAdmin: false, timeZone },
          { client: trx }
        ))
      const issued = await issueToken(user, userAgent, trx)
      return { user, issued, claimed: claimedUser !== null }
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken()
    throw error
  }
}

function emailTaken() {
  return AppError.invalid(
    'An account with this email already exists. Sign in instead.',
    'email',
    'unique'
  )
}

function lookAlike() {
  return AppError.invalid(
    'This email looks too much like the address of another account (some of its letters look like others). Check it, or use another one.',
    'email',
    'look_alike'
  )
}

/** The account for these credentials, or null (same time either way). */
export async function verifyCredentials(email: string, password: string): Promise<User | null> {
  const user = await findByEmail(email)
  if (!user?.password) {
    await checkDummy(password)
    return null
  }
  const check = await checkPassword(user.password, password)
  if (!check.matches) return null
  if (check.rehashed) await User.query().where('id', user.id).update({ password: check.rehashed })
  return user
}

export async function signIn(user: User, userAgent?: string): Promise<SignedIn> {
  return { user, issued: await issueToken(user, userAgent), claimed: false }
}

/**
 * Checks a signed-in reader's password before a change that needs it (a new password or
 * email, the deletion of the account): a 422 on `field` when it is wrong, and a 429
 * after five wrong ones in 15 minutes from the same sign-in (`jti`): a stolen sign-in
 * cannot guess its way in, nor block the owner's own devices.
 */
export async function checkCurrentPassword(
  user: User,
  password: string,
  field: string,
  jti?: string | null
) {
  const counted = jti ?? `user:${user.id}`
  const [throttled] = await throttles.currentPassword(counted).penalize(async () => {
    const check = user.password ? await checkPassword(user.password, password) : null
    if (!check?.matches) throw AppError.invalid('The password is not right.', field, 'password')
  })
  if (throttled) throw throttled
}

/**
 * Changes the password after checking the current one; signs out every other device
 * and ends every mailed link of the account.
 */
export async function changePassword(user: User, current: string, next: string, keepJti?: string) {
  await checkCurrentPassword(user, current, 'current_password', keepJti)
  const passwordHash = await hashPassword(next)
  await db.transaction(async (trx) => {
    await User.query({ client: trx })
      .where('id', user.id)
      .update({ password: passwordHash, updated_at: new Date() })
    await endEveryWayIn(trx, user.id, 'password_changed', { keepJti })
  })
}

/** "Sign out everywhere": every device, this one too, and every mailed link. */
export function signOutEverywhere(userId: number) {
  return db.transaction((trx) => endEveryWayIn(trx, userId, 'signed_out_everywhere'))
}

/** Claims the legacy reader for `email` from the command line. */
export async function claimLegacyFromCli(email: string, password: string) {
  const passwordHash = await hashPassword(password)
  try {
    return await db.transaction(async (trx) => {
      await lockAddress(trx, email)
      const inUse = await addressInUse(email, { trx })
      if (inUse) throw inUse === 'taken' ? emailTaken() : lookAlike()
      const user = await claimLegacy(email, passwordHash, null, trx)
      if (!user)
        throw AppError.conflict(
          'There is no unclaimed legacy reader (users.id = 1 without an email).'
        )
      return user
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken()
    throw error
  }
}

/**
 * The reader an import of the earlier app's database goes to: the account with `email`,
 * else users.id = 1, created unclaimed when it is missing (claimed later by
 * registration or `user:claim`). A users.id = 1 with an email is somebody's account:
 * it is imported into only when `email` names it.
 */
export async function legacyImportTarget(email?: string): Promise<User> {
  if (email) {
    const user = await findByEmail(email)
    if (!user) throw AppError.notFound(`No account with the email ${email}.`)
    return user
  }
  return db.transaction(async (trx) => {
    const existing = await User.query({ client: trx })
      .where('id', LEGACY_USER_ID)
      .forUpdate()
      .first()
    if (existing?.email) {
      throw AppError.conflict(
        `users.id = ${LEGACY_USER_ID} is the registered account ${existing.email}, not an unclaimed legacy reader. To import into it, name it: --email ${existing.email}`
      )
    }
    if (existing) return existing
    await trx
      .table('users')
      .insert({ id: LEGACY_USER_ID, email: null, password: null, is_admin: false })
    await trx.rawQuery(`SELECT setval('users_id_seq', GREATEST((SELECT max(id) FROM users), 1))`)
    return User.query({ client: trx }).where('id', LEGACY_USER_ID).firstOrFail()
  })
}
