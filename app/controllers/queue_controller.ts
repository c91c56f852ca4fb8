import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import Thread from '#models/thread'
import { listQueue } from '#domain/queue'
import { currentState } from '#domain/ritual'
import { idleDays, moveThread, type QueueMove } from '#domain/threads'
import { positionValidator } from '#validators/thread'
import { latestUndoable } from '#domain/undo'

/** The queue page and its moves (front, back, position). */
export default class QueueController {
  async show({ auth, view }: HttpContext) {
    const user = auth.getUserOrFail()
    const client = db.connection()
    const [queue, state, completed, undoable] = await Promise.all([
      listQueue(client, user.id),
      currentState(client, user, { pool: false }),
      Thread.query({ client })
        .withScopes((s) => s.ownedBy(user))
        .where('status', 'completed')
        .orderBy('updated_at', 'desc')
        .limit(200),
      latestUndoable(client, user),
    ])
    return view.render('pages/queue/show', { queue, die: state.die, completed, idleDays, undoable })
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
    return response.redirect().toPath(`/queue#thread-${thread.id}`)
  }
}
