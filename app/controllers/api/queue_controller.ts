import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { threadJson } from '#domain/serializers'
import { listQueue } from '#domain/queue'
import { currentState } from '#domain/ritual'
import { moveThread } from '#domain/threads'
import { positionValidator } from '#validators/thread'

export default class QueueController {
  async index({ auth }: HttpContext) {
    const user = auth.getUserOrFail()
    const [state, threads] = await Promise.all([
      currentState(db.connection(), user, { pool: false }),
      listQueue(db.connection(), user.id),
    ])
    return {
      current_die: state.die,
      roll_pool_size: Math.min(state.die, threads.length),
      data: threads.map(threadJson),
    }
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
