import type { HttpContext } from '@adonisjs/core/http'

export default class MeController {
  async show({ auth }: HttpContext) {
    return auth.getUserOrFail().toApi()
  }
}
