import type { HttpContext } from '@adonisjs/core/http'
import { moveThread, type ThreadMove } from '#domain/threads'
import { positionValidator } from '#validators/thread'
import { queueFeedback, renderQueuePage } from '#http/page_views'

/** The queue page and its moves (front, back, position). */
export default class QueueController {
  async show(ctx: HttpContext) {
    return renderQueuePage(ctx)
  }

  async move(ctx: HttpContext) {
    const { auth, params, request } = ctx
    const to = params.to as 'front' | 'back' | 'position'
    let move: ThreadMove = { to: to === 'front' ? 'front' : 'back' }
    if (to === 'position') {
      const { position } = await request.validateUsing(positionValidator, {
        data: request.body(),
      })
      move = { to, position }
    }
    const thread = await moveThread(auth.getUserOrFail(), Number(params.id), move)
    const where =
      to === 'front'
        ? 'to the front'
        : to === 'back'
          ? `to the back (position ${thread.position})`
          : `to position ${thread.position}`
    return queueFeedback(ctx, thread, `Moved ${thread.title} ${where}.`)
  }
}
