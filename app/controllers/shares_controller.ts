import type { HttpContext } from '@adonisjs/core/http'
import { makeShare, revokeShare, type ShareTarget } from '#domain/shares'
import { renderSharePage, targetOf } from '#http/share_pages'
import { shareUrl } from '#http/share_links'

/** The page a list's links are on: the queue's, or the order's. */
const pageOf = (target: ShareTarget) =>
  target.what === 'queue'
    ? { route: 'queue.share' as const, params: {} }
    : { route: 'orders.share' as const, params: { id: target.orderId } }

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
    const { route, params } = pageOf(target)
    return ctx.response.redirect().toRoute(route, params)
  }

  async destroy({ auth, params, response, session }: HttpContext) {
    const target = await revokeShare(auth.getUserOrFail(), Number(params.id))
    session.flash('success', 'Link revoked: it shows nothing from now on.')
    const { route, params: to } = pageOf(target)
    return response.redirect().toRoute(route, to)
  }
}
