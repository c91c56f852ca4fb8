import type { HttpContext } from '@adonisjs/core/http'
import type { CookieOptions } from '@adonisjs/core/types/http'
import type { SessionData, SessionStoreContract } from '@adonisjs/session/types'

/**
 * The pages' session in an encrypted cookie that lives as long as the browser
 * session (config/session.ts: `clearWithBrowser`). Its values carry no expiry, so
 * rewriting unchanged values would only re-encrypt them into an equivalent cookie:
 * a request that changed nothing leaves the cookie alone (the session's stock cookie
 * store rewrites it on every response, one encryption per page view).
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

  touch() {}
}
