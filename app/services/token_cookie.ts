import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { IssuedToken } from '#services/access_token_service'

export const TOKEN_COOKIE = 'cp_token'

/** Puts the access token in the pages' HttpOnly, SameSite=Lax cookie (Secure in production). */
export function setTokenCookie(response: HttpContext['response'], issued: IssuedToken) {
  response.encryptedCookie(TOKEN_COOKIE, issued.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: app.inProduction,
    path: '/',
    maxAge: Math.max(0, Math.floor(issued.expiresAt.diffNow('seconds').seconds)),
  })
}

export function clearTokenCookie(response: HttpContext['response']) {
  response.clearCookie(TOKEN_COOKIE, { path: '/' })
}
