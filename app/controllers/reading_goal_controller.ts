import type { HttpContext } from '@adonisjs/core/http'
import { urlFor } from '@adonisjs/core/services/url_builder'
import { clearGoal, setGoal } from '#domain/goals'
import { goalValidator } from '#validators/account'

/**
 * The reader's goal, set and turned off from the analytics page or the account page: the
 * answer goes back to the page its form is on (its route's first name: `account.goal.…`).
 */
const pageOf = ({ route }: HttpContext) =>
  route?.name?.startsWith('account.') ? 'account.show' : 'analytics.show'

export default class ReadingGoalController {
  async update(ctx: HttpContext) {
    const goal = await ctx.request.validateUsing(goalValidator, { data: ctx.request.body() })
    await setGoal(ctx.auth.getUserOrFail(), goal)
    ctx.session.flash('success', 'Goal set. Its progress is counted from the start of the period.')
    return ctx.response.redirect().toPath(`${urlFor(pageOf(ctx))}#goal`)
  }

  async destroy(ctx: HttpContext) {
    await clearGoal(ctx.auth.getUserOrFail())
    ctx.session.flash('success', 'Goal turned off, and the streak with it.')
    return ctx.response.redirect().toPath(`${urlFor(pageOf(ctx))}#goal`)
  }
}
