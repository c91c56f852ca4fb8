import type { HttpContext } from '@adonisjs/core/http'
import { renderAccountPage } from '#http/page_views'

/** The account page: devices signed in, settings, data in and out, password. */
export default class AccountController {
  async show(ctx: HttpContext) {
    return renderAccountPage(ctx)
  }
}
