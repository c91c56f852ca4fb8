import type { HttpContext } from '@adonisjs/core/http'
import { listSessions, sessionDetail } from '#domain/history'
import { placeText, stars } from '#domain/ladder'
import { pageQueryValidator } from '#validators/paging'

const PER_PAGE = 10

/** History pages: session cards, and one session with its timeline. */
export default class HistoryController {
  async index({ auth, request, view }: HttpContext) {
    const { page = 1 } = await request.validateUsing(pageQueryValidator, { data: request.qs() })
    const { summaries, total } = await listSessions(auth.getUserOrFail(), page, PER_PAGE)
    return view.render('pages/history/index', {
      summaries,
      page,
      pages: Math.max(1, Math.ceil(total / PER_PAGE)),
      stars,
    })
  }

  async show({ auth, params, view }: HttpContext) {
    const { summary, events } = await sessionDetail(auth.getUserOrFail(), Number(params.id))
    return view.render('pages/history/show', { summary, events, stars, placeText })
  }
}
