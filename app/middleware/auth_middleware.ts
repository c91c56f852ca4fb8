import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Requires a signed-in reader (401 for the API, a redirect to /login for pages). */
export default class AuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await ctx.auth.authenticate()
    ctx.response.header('cache-control', 'no-store')
    return next()
  }
}
