import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import SessionMiddleware from '@adonisjs/session/session_middleware'
import { usesBearer } from '#guards/jwt_guard'

/** Public answers that hold no form and no message: they need no session. */
const STATELESS_ROUTES = new Set(['health', 'livez', 'openapi', 'service_worker', 'offline'])

/**
 * Pages keep their session (flash messages, the CSRF secret) in a cookie through
 * @adonisjs/session. The JSON surfaces authenticate with Bearer tokens only, and the
 * stateless public answers need none: they have no session and set no cookie.
 */
@inject()
export default class BrowserSessionMiddleware {
  constructor(private pages: SessionMiddleware<any>) {}

  handle(ctx: HttpContext, next: NextFn) {
    const stateless = usesBearer(ctx.request.url()) || STATELESS_ROUTES.has(ctx.route?.name ?? '')
    return stateless ? next() : this.pages.handle(ctx, next)
  }
}
