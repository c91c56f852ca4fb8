import type { HttpContext } from '@adonisjs/core/http'
import { AppError } from '#exceptions/app_error'
import { threadJson } from '#http/api_json'
import { threadPage } from '#http/thread_pages'
import {
  addThreads,
  deleteThread,
  threadWithPosition,
  updateThread,
  type ThreadInput,
} from '#domain/threads'
import {
  createThreadValidator,
  threadListQueryValidator,
  updateThreadValidator,
  toThreadInput,
} from '#validators/thread'

export default class ThreadsController {
  async index({ auth, request }: HttpContext) {
    const query = await request.validateUsing(threadListQueryValidator, { data: request.qs() })
    return threadPage(auth.getUserOrFail(), query.status ?? 'all', query)
  }

  async store({ auth, request, response }: HttpContext) {
    const data = await request.validateUsing(createThreadValidator, { data: request.body() })
    const user = auth.getUserOrFail()
    const { threads, skipped } = await addThreads(
      user,
      [toThreadInput(data) as ThreadInput],
      data.at,
      data.on_duplicate ?? 'add'
    )
    // Skipped as already in the pile: the thread the pile holds, not created (200).
    if (!threads.length) return threadJson(await threadWithPosition(user, skipped[0].threadId))
    return response.created(threadJson(threads[0]))
  }

  async show({ auth, params }: HttpContext) {
    return threadJson(await threadWithPosition(auth.getUserOrFail(), Number(params.id)))
  }

  async update({ auth, params, request }: HttpContext) {
    const data = await request.validateUsing(updateThreadValidator, { data: request.body() })
    const thread = await AppError.onField(
      'issues_remaining',
      updateThread(auth.getUserOrFail(), Number(params.id), toThreadInput(data))
    )
    return threadJson(thread)
  }

  async destroy({ auth, params, response }: HttpContext) {
    await deleteThread(auth.getUserOrFail(), Number(params.id))
    return response.noContent()
  }
}
