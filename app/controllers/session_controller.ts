import type { HttpContext } from '@adonisjs/core/http'

/** Sign-in page. */
export default class SessionController {
  async create({ view }: HttpContext) {
    return view.render('pages/auth/login')
  }
}
