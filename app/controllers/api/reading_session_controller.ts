import type { HttpContext } from '@adonisjs/core/http'
import { threadJson, viewJson } from '#http/api_json'
import { clearFilter, finishSession, setFilter, setManualDie, unsnooze } from '#domain/ritual'
import { currentState } from '#domain/reading_state'
import type { Die } from '#domain/ladder'
import { dieValidator, filterValidator } from '#validators/ritual'
import { AppError } from '#exceptions/app_error'

/**
 * The current session (never created by reading it), its die, its snoozes, tonight's
 * filter and the finish.
 */
export default class ReadingSessionController {
  async show({ auth }: HttpContext) {
    const { view, die, pool } = await currentState(auth.getUserOrFail())
    return {
      session: view ? viewJson(view) : null,
      current_die: die,
      roll_pool: pool.map(threadJson),
      roll_pool_size: pool.length,
    }
  }

  async unsnooze({ auth, params }: HttpContext) {
    const { view } = await unsnooze(auth.getUserOrFail(), Number(params.thread_id))
    return { session: viewJson(view) }
  }

  async setDie({ auth, request }: HttpContext) {
    const { die } = await request.validateUsing(dieValidator, { data: request.body() })
    return { session: viewJson(await setManualDie(auth.getUserOrFail(), die as Die)) }
  }

  async clearDie({ auth }: HttpContext) {
    return { session: viewJson(await setManualDie(auth.getUserOrFail(), null)) }
  }

  async finish({ auth }: HttpContext) {
    return { session: viewJson(await finishSession(auth.getUserOrFail())) }
  }

  async setFilter({ auth, request }: HttpContext) {
    const asked = await request.validateUsing(filterValidator, { data: request.body() })
    const view = await AppError.onField('include', setFilter(auth.getUserOrFail(), asked))
    return { session: viewJson(view) }
  }

  async clearFilter({ auth }: HttpContext) {
    return { session: viewJson(await clearFilter(auth.getUserOrFail())) }
  }
}
