import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { threadJson } from '#domain/serializers'
import { threadPage } from '#services/thread_pages'
import {
  createThread,
  deleteThread,
  findOwnThread,
  updateThread,
  type ThreadInput,
} from '#domain/threads'
import { positionOf } from '#domain/queue'
import {
  createThreadValidator,
  threadListQueryValidator,
  updateThreadValidator,
  toThreadInput,
} from '#validators/thread'

export default class ThreadsController {
  async index({ auth, request }: HttpContext) {
    const query = await request.validateUsing(threadListQueryValidator, { data: request.qs() })
    return threadPage(auth.getUserOrFail().id, query.status ?? 'all', query)
  }

  async store({ auth, request, response }: HttpContext) {
    const data = await request.validateUsing(createThreadValidator, { data: request.body() })
    const thread = await createThread(
      auth.getUserOrFail(),
      toThreadInput(data) as ThreadInput,
      data.at
    )
    return response.created(threadJson(thread))
  }

  async show({ auth, params }: HttpContext) {
    const thread = await findOwnThread(db.connection(), auth.getUserOrFail(), Number(params.id))
    thread.position = await positionOf(db.connection(), thread)
    return threadJson(thread)
  }

  async update({ auth, params, request }: HttpContext) {
    const data = await request.validateUsing(updateThreadValidator, { data: request.body() })
    const thread = await updateThread(auth.getUserOrFail(), Number(params.id), toThreadInput(data))
    return threadJson(thread)
  }

  async destroy({ auth, params, response }: HttpContext) {
    await deleteThread(auth.getUserOrFail(), Number(params.id))
    return response.noContent()
  }
}
