import type { HttpContext } from '@adonisjs/core/http'
import { urlFor } from '@adonisjs/core/services/url_builder'
import { clearGoal, setGoal } from '#domain/goals'
import { renderAnalyticsPage } from '#http/analytics_page'
import { goalValidator } from '#validators/account'

/** Reading analytics, drawn as SVG on the server, and the reader's goal. */
export default class AnalyticsController {
  async show(ctx: HttpContext) {
    return renderAnalyticsPage(ctx)
  }

  async setGoal({ auth, request, response, session }: HttpContext) {
    const goal = await request.validateUsing(goalValidator, { data: request.body() })
    await setGoal(auth.getUserOrFail(), goal)
    session.flash('success', 'Goal set. Its progress is counted from the start of the period.')
    return response.redirect().toPath(`${urlFor('analytics.show')}#goal`)
  }

  async clearGoal({ auth, response, session }: HttpContext) {
    await clearGoal(auth.getUserOrFail())
    session.flash('success', 'Goal turned off, and the streak with it.')
    return response.redirect().toPath(`${urlFor('analytics.show')}#goal`)
  }
}
