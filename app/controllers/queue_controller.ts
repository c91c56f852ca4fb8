import type { HttpContext } from '@adonisjs/core/http'
import { moveThread, type QueueMove } from '#domain/threads'
import { positionValidator } from '#validators/thread'
import { queueUrlFor, renderQueuePage } from '#http/page_views'

/** The queue page and its moves (front, back, position). */
export default class QueueController {
  async show(ctx: HttpContext) {
    return renderQueuePage(ctx)
  }

  async move({ auth, params, request, response, session }: HttpContext) {
    const to = params.to as 'front' | 'back' | 'position'
    const user = auth.getUserOrFail()
    let move: QueueMove = { to: to === 'front' ? 'front' : 'back' }
    if (to === 'position') {
      const { position } = await request.validateUsing(positionValidator, { data: request.body() })
      move = { to, position }
    }
    const thread = await moveThread(user, Number(params.id), move)
    session.flash('success', `${thread.title} is now at position ${thread.position}.`)
    return response.redirect().toPath(queueUrlFor(thread))
  }
}
