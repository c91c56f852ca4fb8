import type { HttpContext } from '@adonisjs/core/http'
import { rate } from '#domain/ritual'
import { ratingText, stars, type Die } from '#domain/ladder'
import { renderRatePage } from '#http/page_views'
import { rateValidator } from '#validators/ritual'

/** The rate page for the pending read. */
export default class RateController {
  async show(ctx: HttpContext) {
    return renderRatePage(ctx, ({ response, session }) => {
      session.flash('error', 'Nothing is waiting to be rated. Roll first.')
      return response.redirect().toRoute('roll.show')
    })
  }

  async store({ auth, request, response, session }: HttpContext) {
    const data = await request.validateUsing(rateValidator, { data: request.body() })
    const result = await rate(auth.getUserOrFail(), {
      rating: data.rating,
      issuesRead: data.issues_read ?? 1,
      finishSession: data.finish_session ?? false,
    })
    const did = ratingText(result, result.dieBefore as Die, {
      done: true,
      nextSessionDie: result.nextSessionDie,
    })
    session.flash('success', `${result.thread.title}: ${stars(data.rating)} · ${did}.`)
    return response.redirect().toRoute('roll.show')
  }
}
