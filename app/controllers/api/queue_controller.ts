import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { threadJson } from '#domain/serializers'
import { activeCount } from '#domain/queue'
import { currentState } from '#domain/reading_state'
import { moveThread } from '#domain/threads'
import { positionValidator, threadListQueryValidator } from '#validators/thread'
import { threadPage } from '#services/thread_pages'

export default class QueueController {
  async index({ auth, request }: HttpContext) {
    const user = auth.getUserOrFail()
    const query = await request.validateUsing(threadListQueryValidator, { data: request.qs() })
    // The page first: a cursor it refuses ends the request before other queries start.
    const page = await threadPage(user.id, 'active', query)
    const [state, active] = await Promise.all([
      currentState(db.connection(), user, { pool: false }),
      activeCount(db.connection(), user.id),
    ])
    return { current_die: state.die, roll_pool_size: Math.min(state.die, active), ...page }
  }

  async front({ auth, params }: HttpContext) {
    return threadJson(await moveThread(auth.getUserOrFail(), Number(params.id), { to: 'front' }))
  }

  async back({ auth, params }: HttpContext) {
    return threadJson(await moveThread(auth.getUserOrFail(), Number(params.id), { to: 'back' }))
  }

  async position({ auth, params, request }: HttpContext) {
    const { position } = await request.validateUsing(positionValidator, { data: request.body() })
    return threadJson(
      await moveThread(auth.getUserOrFail(), Number(params.id), { to: 'position', position })
    )
  }
}
