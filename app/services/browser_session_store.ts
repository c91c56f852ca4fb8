import type { HttpContext } from '@adonisjs/core/http'
import type { CookieOptions } from '@adonisjs/core/types/http'
import type { SessionData, SessionStoreContract } from '@adonisjs/session/types'

/**
 * The pages' session in an encrypted cookie, as the session's stock cookie store
 * keeps it, except that a request that changed nothing leaves the cookie alone when
 * rewriting it would change nothing either: the encrypted values carry no expiry, and
 * a cookie that lives as long as the browser session (config/session.ts:
 * `clearWithBrowser`) has none to renew. The stock store re-encrypts the values on
 * every response, one encryption per page view.
 */
export class BrowserSessionStore implements SessionStoreContract {
  constructor(
    private ctx: HttpContext,
    private cookie: Partial<CookieOptions>
  ) {}

  read(sessionId: string): SessionData | null {
    const value = this.ctx.request.encryptedCookie(sessionId)
    return value !== null && typeof value === 'object' ? value : null
  }

  write(sessionId: string, values: SessionData) {
    this.ctx.response.encryptedCookie(sessionId, values, this.cookie)
  }

  destroy(sessionId: string) {
    if (this.ctx.request.cookiesList()[sessionId]) this.ctx.response.clearCookie(sessionId)
  }

  /** Renews a persistent cookie's expiry; a browser-session cookie has none. */
  touch(sessionId: string) {
    if (this.cookie.maxAge === undefined && this.cookie.expires === undefined) return
    const values = this.read(sessionId)
    if (values) this.write(sessionId, values)
  }
}
