import { AppError } from '#exceptions/app_error'
import { verifyCredentials, signIn, register, type SignedIn } from '#services/account_service'
import { throttles } from '#services/throttles'

const WRONG_CREDENTIALS = 'Wrong email or password.'

/**
 * Signs in with email and password, counting failures per account and per IP.
 * A wrong email and a wrong password are one answer (401); too many failures a 429.
 */
export async function attemptSignIn(
  email: string,
  password: string,
  ip: string,
  userAgent?: string
): Promise<SignedIn> {
  const [throttled, user] = await throttles.signIn(email, ip).penalize(async () => {
    const found = await verifyCredentials(email, password)
    if (!found) throw new AppError(WRONG_CREDENTIALS, { status: 401, code: 'E_APP_CREDENTIALS' })
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
