import type { HttpContext } from '@adonisjs/core/http'
import { threadJson } from '#http/api_json'
import { staleThreads } from '#domain/threads'
import { staleQueryValidator } from '#validators/thread'

export default class StaleThreadsController {
  async index({ auth, request }: HttpContext) {
    const { days = 7 } = await request.validateUsing(staleQueryValidator, { data: request.qs() })
    const stale = await staleThreads(auth.getUserOrFail(), days)
    return {
      data: stale.map(({ thread, daysIdle }) => ({ ...threadJson(thread), days_idle: daysIdle })),
    }
  }
}
