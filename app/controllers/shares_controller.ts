import type { HttpContext } from '@adonisjs/core/http'
import { makeShare, revokeShare } from '#domain/shares'
import { renderRevokePage, renderSharePage, targetOf } from '#http/share_pages'
import { sharePageOf, shareUrl } from '#http/share_links'

/** Read-only links to the queue or an order, from their pages: made, listed, revoked. */
export default class SharesController {
  async show(ctx: HttpContext) {
    return renderSharePage(ctx)
  }

  async store(ctx: HttpContext) {
    const target = targetOf(ctx)
    const { token } = await makeShare(ctx.auth.getUserOrFail(), target)
    // Shown once, on the page the reader goes back to (the session's cookie is encrypted).
    ctx.session.flash('shareUrl', shareUrl(ctx, token))
    ctx.session.flash('success', 'Link made. Copy it now: it is shown only this once.')
    const { route, params } = sharePageOf(target)
    return ctx.response.redirect().toRoute(route, params)
  }

  /** "Revoke this link?", as a page of its own (the list's page asks in a dialog). */
  async confirmDestroy(ctx: HttpContext) {
    return renderRevokePage(ctx)
  }

  async destroy({ auth, params, response, session }: HttpContext) {
    const target = await revokeShare(auth.getUserOrFail(), Number(params.id))
    session.flash('success', 'Link revoked: it shows nothing from now on.')
    const { route, params: to } = sharePageOf(target)
    return response.redirect().toRoute(route, to)
  }
}
