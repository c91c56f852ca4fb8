import type { HttpContext } from '@adonisjs/core/http'
import { AppError } from '#exceptions/app_error'
import { threadJson } from '#http/api_json'
import { reactivateThread } from '#domain/threads'
import { reactivateValidator } from '#validators/thread'

export default class ThreadReactivationsController {
  async store({ auth, params, request }: HttpContext) {
    const { issues_to_add: issues } = await request.validateUsing(reactivateValidator, {
      data: request.body(),
    })
    const thread = await AppError.onField(
      'issues_to_add',
      reactivateThread(auth.getUserOrFail(), Number(params.id), issues)
    )
    return threadJson(thread)
  }
}
