import type { HttpContext } from '@adonisjs/core/http'
import { threadJson } from '#http/api_json'
import { moveThread } from '#domain/threads'
import { positionValidator, threadListQueryValidator } from '#validators/thread'
import { queuePageJson } from '#http/thread_pages'

export default class QueueController {
  async index({ auth, request }: HttpContext) {
    const query = await request.validateUsing(threadListQueryValidator, { data: request.qs() })
    return queuePageJson(auth.getUserOrFail(), query)
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
