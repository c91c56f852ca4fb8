import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { queuePage, queueUrlFor } from '#domain/queue'
import { currentState } from '#domain/ritual'
import { completedThreads, idleDays, moveThread, type QueueMove } from '#domain/threads'
import { positionValidator } from '#validators/thread'
import { pageQueryValidator } from '#validators/paging'

/** The queue page and its moves (front, back, position). */
export default class QueueController {
  async show({ auth, request, response, view }: HttpContext) {
    const user = auth.getUserOrFail()
    const client = db.connection()
    const { page: requested = 1 } = await request.validateUsing(pageQueryValidator, {
      data: request.qs(),
    })
    const [queue, state, completed] = await Promise.all([
      queuePage(client, user.id, requested),
      currentState(client, user, { pool: false, undoable: true }),
      completedThreads(client, user),
    ])
    if (requested > queue.pages) return response.redirect().toPath(`/queue?page=${queue.pages}`)
    return view.render('pages/queue/show', {
      queue: queue.threads,
      paging: queue,
      die: state.die,
      completed: completed.threads,
      completedTotal: completed.total,
      idleDays,
      undoable: state.undoable,
    })
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
