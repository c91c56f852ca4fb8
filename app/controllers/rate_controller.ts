import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { rate } from '#domain/ritual'
import { currentState } from '#domain/reading_state'
import { RATINGS, stars, stepDie, type Die } from '#domain/ladder'
import { rateValidator } from '#validators/ritual'

/** The rate page for the pending read. */
export default class RateController {
  async show({ auth, view, response, session }: HttpContext) {
    const user = auth.getUserOrFail()
    const current = await currentState(db.connection(), user, { undoable: true })
    const state = current.view
    const { die, undoable } = current
    if (!state?.pending) {
      session.flash('error', 'Nothing is waiting to be rated. Roll first.')
      return response.redirect().toPath('/')
    }
    const outcomes = Object.fromEntries(RATINGS.map((r) => [r, stepDie(die as Die, r)]))
    return view.render('pages/rate/show', {
      thread: state.pending,
      die,
      ratings: RATINGS,
      outcomes,
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
    const move = result.completed
      ? 'Completed — it leaves the queue'
      : result.queueMove === 'front'
        ? 'Moved to the front'
        : 'Moved to the back'
    const step =
      result.dieAfter < result.dieBefore
        ? 'steps down'
        : result.dieAfter > result.dieBefore
          ? 'steps up'
          : 'stays'
    session.flash(
      'success',
      `${result.thread.title}: ${stars(data.rating)} · ${move} · die ${step} to d${result.dieAfter}.${data.finish_session ? ' Session finished.' : ''}`
    )
    return response.redirect().toPath('/')
  }
}
