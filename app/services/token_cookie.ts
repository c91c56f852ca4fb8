import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { IssuedToken } from '#services/access_token_service'

const TOKEN_COOKIE = 'cp_token'

/**
 * Puts the access token in the pages' HttpOnly, SameSite=Lax cookie (Secure in
 * production). The token is a signed JWT, verified on every request, so the cookie
 * carries it as is: encrypting it again would hide nothing (it names a user id and a
 * token id) and cost every page view a decryption.
 */
function setTokenCookie(response: HttpContext['response'], issued: IssuedToken) {
  response.plainCookie(TOKEN_COOKIE, issued.token, {
    encode: false,
    httpOnly: true,
    sameSite: 'lax',
    secure: app.inProduction,
    path: '/',
    maxAge: Math.max(0, Math.floor(issued.expiresAt.diffNow('seconds').seconds)),
  })
}

/** The token the pages' cookie carries, if any. */
export function readTokenCookie(request: HttpContext['request']): string | null {
  const value = request.plainCookie(TOKEN_COOKIE, { encoded: false })
  return typeof value === 'string' && value.length > 0 ? value : null
}

export function clearTokenCookie(response: HttpContext['response']) {
  response.clearCookie(TOKEN_COOKIE, { path: '/' })
}

/** Where @adonisjs/shield keeps the pages' CSRF secret in the session. */
const CSRF_SECRET_KEY = 'csrf-secret'

/** A new session id and CSRF secret: nothing a browser held before carries over. */
function renewSession(session: HttpContext['session']) {
  session.regenerate()
  session.forget(CSRF_SECRET_KEY)
}

/** Signs the browser in: the token cookie, in a renewed session. */
export function signInBrowser({ response, session }: HttpContext, issued: IssuedToken) {
  setTokenCookie(response, issued)
  renewSession(session)
}

/** Signs the browser out: no token cookie, and a renewed session. */
export function signOutBrowser({ response, session }: HttpContext) {
  clearTokenCookie(response)
  renewSession(session)
}
