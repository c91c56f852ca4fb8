import type { HttpContext } from '@adonisjs/core/http'
import { renderSharedList } from '#http/share_pages'

/** A list shared by a read-only link: no sign-in, no session, no cookie. */
export default class SharedListsController {
  async show(ctx: HttpContext) {
    return renderSharedList(ctx)
  }
}
