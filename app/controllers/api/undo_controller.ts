import type { HttpContext } from '@adonisjs/core/http'
import { restoreSessionStart, undoLatest } from '#domain/undo'
import { viewJson } from '#http/api_json'

/** Undo of the latest action, and the restore of a session to its start. */
export default class UndoController {
  async store({ auth }: HttpContext) {
    const { undone, view } = await undoLatest(auth.getUserOrFail())
    return { undone, session: view ? viewJson(view) : null }
  }

  async restoreStart({ auth, params }: HttpContext) {
    const { view } = await restoreSessionStart(auth.getUserOrFail(), Number(params.id))
    return { session: view ? viewJson(view) : null }
  }
}
