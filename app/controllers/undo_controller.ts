import type { HttpContext } from '@adonisjs/core/http'
import { restoreSessionStart, undoLatest } from '#domain/undo'
import { sessionDetail } from '#domain/history'

/** Undo from the pages, and the restore of a session to its start (after a confirmation page). */
export default class UndoController {
  async store({ auth, response, session }: HttpContext) {
    const { undone } = await undoLatest(auth.getUserOrFail())
    session.flash('success', `Undone: ${undone}.`)
    return response.redirect('back', true)
  }

  async confirmRestore({ auth, params, view }: HttpContext) {
    const { summary } = await sessionDetail(auth.getUserOrFail(), Number(params.id))
    return view.render('pages/history/restore', { summary })
  }

  async restore({ auth, params, response, session }: HttpContext) {
    const { undone } = await restoreSessionStart(auth.getUserOrFail(), Number(params.id))
    session.flash(
      'success',
      `The session is back at its start (${undone} ${undone === 1 ? 'action' : 'actions'} undone).`
    )
    return response.redirect().toRoute('history.show', { id: Number(params.id) })
  }
}
