import type { HttpContext } from '@adonisjs/core/http'
import { exportEverything, listUsers, revokeTokensOf } from '#services/admin_service'

/** Internal ops routes (registered only with ENABLE_INTERNAL_OPS_ROUTES, admins only). */
export default class AdminController {
  async users() {
    return { data: await listUsers() }
  }

  async export({ response }: HttpContext) {
    response.header('content-disposition', 'attachment; filename="comic-pile-all.json"')
    return exportEverything()
  }

  async revokeTokens({ params }: HttpContext) {
    return { revoked: await revokeTokensOf(Number(params.id)) }
  }
}
