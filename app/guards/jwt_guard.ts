import { symbols, errors } from '@adonisjs/auth'
import type { AuthClientResponse, GuardContract } from '@adonisjs/auth/types'
import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/user'
import { issueToken, resolveToken } from '#services/access_token_service'
import { readTokenCookie } from '#services/token_cookie'

/** The JSON surfaces (the API and the debug routes) take Bearer tokens only. */
export const usesBearer = (url: string) => url.startsWith('/api/') || url.startsWith('/debug/')

/**
 * One JWT guard for both surfaces: /api routes read `Authorization: Bearer` only
 * (a cookie alone is no credential there); pages read the HttpOnly cookie only.
 */
export class JwtGuard implements GuardContract<User> {
  declare [symbols.GUARD_KNOWN_EVENTS]: {}
  readonly driverName = 'jwt' as const

  user?: User
  /** jti of the token that authenticated this request. */
  jti?: string
  isAuthenticated = false
  authenticationAttempted = false

  constructor(private ctx: HttpContext) {}

  private readToken(): string | null {
    const { request } = this.ctx
    if (usesBearer(request.url())) {
      const match = /^Bearer\s+([A-Za-z0-9\-_.]+)$/i.exec(request.header('authorization') ?? '')
      return match ? match[1] : null
    }
    return readTokenCookie(request)
  }

  private unauthorized() {
    return new errors.E_UNAUTHORIZED_ACCESS('Unauthorized access', {
      guardDriverName: this.driverName,
    })
  }

  async authenticate(): Promise<User> {
    if (this.authenticationAttempted) return this.getUserOrFail()
    this.authenticationAttempted = true
    const token = this.readToken()
    const resolved = token ? await resolveToken(token) : null
    if (!resolved) throw this.unauthorized()
    this.user = resolved.user
    this.jti = resolved.jti
    this.isAuthenticated = true
    return this.user
  }

  async check(): Promise<boolean> {
    try {
      await this.authenticate()
      return true
    } catch (error) {
      if (error instanceof errors.E_UNAUTHORIZED_ACCESS) return false
      throw error
    }
  }

  getUserOrFail(): User {
    if (!this.user) throw this.unauthorized()
    return this.user
  }

  async authenticateAsClient(user: User): Promise<AuthClientResponse> {
    const { token } = await issueToken(user, 'test client')
    return { headers: { authorization: `Bearer ${token}` } }
  }
}
