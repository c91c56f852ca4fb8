import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { inReadersTurn } from '#services/reader_share'

/**
 * Requires a signed-in reader (401 for the API, a redirect to /login for pages), and
 * runs the request in one of the reader's turns (their share of the database).
 */
export default class AuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = await ctx.auth.authenticate()
    ctx.response.header('cache-control', 'no-store')
    return inReadersTurn(ctx, user.id, next)
  }
}
