import type { HttpContext } from '@adonisjs/core/http'
import { pendingEmailOf } from '#services/account_recovery'

export default class MeController {
  /** The signed-in reader, with the address an email change waits to confirm (or null). */
  async show({ auth }: HttpContext) {
    const user = auth.getUserOrFail()
    return { ...user.toApi(), pending_email: await pendingEmailOf(user.id) }
  }
}
