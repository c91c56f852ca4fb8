import type { HttpContext } from '@adonisjs/core/http'

/** The roll page (home). */
export default class RollController {
  async show({ view }: HttpContext) {
    return view.render('pages/roll/show')
  }
}
