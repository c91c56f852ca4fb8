import type { HttpContext } from '@adonisjs/core/http'
import { rate } from '#domain/ritual'
import { currentState } from '#domain/reading_state'
import { readerSettings } from '#domain/reader_settings'
import { GOOD_RATING, ratingPreviews, ratingText, stars, type Die } from '#domain/ladder'
import { rateValidator } from '#validators/ritual'

/** The rate page for the pending read. */
export default class RateController {
  async show({ auth, view, response, session }: HttpContext) {
    const user = auth.getUserOrFail()
    const current = await currentState(user, { undoable: true })
    const state = current.view
    const { die, undoable } = current
    const settings = readerSettings(user)
    if (!state?.pending) {
      session.flash('error', 'Nothing is waiting to be rated. Roll first.')
      return response.redirect().toRoute('roll.show')
    }
    return view.render('pages/rate/show', {
      thread: state.pending,
      byHand: state.session.pendingByHand,
      die,
      previews: ratingPreviews(die as Die, settings.lowRatingPlacement),
      nextSessionDie: settings.startDie,
      goodRating: GOOD_RATING,
      stars,
      undoable,
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
