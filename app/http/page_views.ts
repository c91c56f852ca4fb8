/**
 * Pages that more than one controller answers with: their own GET, and a refused
 * form on them rendered again (see app/services/forms.ts).
 */
import type { HttpContext } from '@adonisjs/core/http'
import { urlFor } from '@adonisjs/core/services/url_builder'
import { listTokens } from '#services/access_token_service'
import { sessionSettings } from '#domain/reader_settings'
import { DICE } from '#domain/ladder'
import { pageOf, queuePage } from '#domain/queue'
import { currentState } from '#domain/reading_state'
import { completedThreads, idleDays, pileCounts } from '#domain/threads'
import { pageQueryValidator } from '#validators/paging'
import ritual from '#config/ritual'

/** The account page: devices signed in, settings, data in and out, password. */
export async function renderAccountPage({ auth, view }: HttpContext) {
  const user = auth.getUserOrFail()
  const [tokens, pile] = await Promise.all([listTokens(user.id), pileCounts(user.id)])
  return view.render('pages/account/show', {
    tokens,
    currentJti: auth.use('jwt').jti,
    settings: sessionSettings(user),
    dice: DICE,
    pile,
  })
}

/** The queue page (`?page=`), with the add form, the moves and the completed threads. */
export async function renderQueuePage({ auth, request, response, view }: HttpContext) {
  const user = auth.getUserOrFail()
  const { page: requested = 1 } = await request.validateUsing(pageQueryValidator, {
    data: request.qs(),
  })
  const [queue, state, completed] = await Promise.all([
    queuePage(user.id, requested),
    currentState(user, { pool: false, undoable: true }),
    completedThreads(user),
  ])
  if (requested > queue.pages) {
    return response.redirect().withQs({ page: queue.pages }).toRoute('queue.show')
  }
  return view.render('pages/queue/show', {
    queue: queue.threads,
    paging: queue,
    die: state.die,
    completed: completed.threads,
    completedTotal: completed.total,
    idleDays,
    staleDays: ritual.staleDays,
    undoable: state.undoable,
  })
}

/** The queue page that shows a thread, anchored on it (the first page for a completed one). */
export function queueUrlFor(thread: { id: number; position?: number | null }) {
  const page = thread.position ? pageOf(thread.position) : 1
  return `${urlFor('queue.show', {}, { qs: page > 1 ? { page } : {} })}#thread-${thread.id}`
}
