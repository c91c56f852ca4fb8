import type { HttpContext } from '@adonisjs/core/http'
import { eventJson, summaryJson } from '#http/api_json'
import { listSessions, sessionDetail } from '#domain/history'
import { pageQueryValidator } from '#validators/paging'

/** Reading history: sessions newest first, and one session with its events. */
export default class SessionsController {
  async index({ auth, request }: HttpContext) {
    const { page = 1, per_page: perPage = 20 } = await request.validateUsing(pageQueryValidator, {
      data: request.qs(),
    })
    const { summaries, total } = await listSessions(auth.getUserOrFail(), page, perPage)
    return { data: summaries.map(summaryJson), meta: { total, page, per_page: perPage } }
  }

  async show({ auth, params }: HttpContext) {
    const { summary, events } = await sessionDetail(auth.getUserOrFail(), Number(params.id))
    return { ...summaryJson(summary), events: events.map(eventJson) }
  }
}
