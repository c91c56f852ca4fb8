import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import SessionMiddleware from '@adonisjs/session/session_middleware'
import { usesBearer } from '#guards/jwt_guard'

/**
 * Pages keep their session (flash messages, the CSRF secret) in a cookie through
 * @adonisjs/session. The JSON surfaces authenticate with Bearer tokens only: they
 * have no session and set no cookie.
 */
@inject()
export default class BrowserSessionMiddleware {
  constructor(private pages: SessionMiddleware<any>) {}

  handle(ctx: HttpContext, next: NextFn) {
    return usesBearer(ctx.request.url()) ? next() : this.pages.handle(ctx, next)
  }
}
