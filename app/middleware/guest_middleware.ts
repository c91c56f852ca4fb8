import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Sign-in and registration pages send a signed-in reader to the die instead. */
export default class GuestMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (await ctx.auth.check()) return ctx.response.redirect().toRoute('roll.show')
    return next()
  }
}
