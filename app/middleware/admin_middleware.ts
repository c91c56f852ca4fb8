import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { AppError } from '#exceptions/app_error'

/** Internal power tools: signed in (401 otherwise) and an admin (403 otherwise). */
export default class AdminMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = await ctx.auth.authenticate()
    if (!user.isAdmin)
      throw new AppError('Only admins can do this.', { status: 403, code: 'E_APP_FORBIDDEN' })
    ctx.response.header('cache-control', 'no-store')
    return next()
  }
}
