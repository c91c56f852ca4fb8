import { AppError } from '#exceptions/app_error'
import { verifyCredentials, signIn, register, type SignedIn } from '#services/account_service'
import { throttles } from '#services/throttles'

const WRONG_CREDENTIALS = 'Wrong email or password.'
/** How long a sign-in of an account under attack from many addresses waits first. */
export const SLOWED_SIGN_IN_MS = 1500

/**
 * Signs in with email and password. A wrong email and a wrong password are one answer
 * (401). Failures are counted per account and address (a 429 past five in 15 minutes)
 * and per address (past twenty); an account failing from many addresses at once is
 * slowed, never locked, so its owner still signs in from their own device.
 */
export async function attemptSignIn(
  email: string,
  password: string,
  ip: string,
  userAgent?: string
): Promise<SignedIn> {
  const account = throttles.signInAccount(email)
  if (await account.exhausted()) await new Promise((done) => setTimeout(done, SLOWED_SIGN_IN_MS))
  const [throttled, user] = await throttles.signIn(email, ip).penalize(async () => {
    const found = await verifyCredentials(email, password)
    if (!found) {
      await account.failed()
      throw new AppError(WRONG_CREDENTIALS, { status: 401, code: 'E_APP_CREDENTIALS' })
    }
    return found
  })
  if (throttled) throw throttled
  return signIn(user, userAgent)
}

/** Registers, at most a few accounts an hour from one IP. */
export async function attemptRegistration(
  email: string,
  password: string,
  ip: string,
  details: { userAgent?: string; timeZone?: string | null } = {}
) {
  await throttles.register(ip).consume()
  return register(email, password, details)
}
