import type { HttpContext } from '@adonisjs/core/http'
import { listShares, makeShare, revokeShare } from '#domain/shares'
import { guardNewLink, shareJson, shareUrl } from '#http/share_links'
import { shareValidator } from '#validators/orders'

/** The reader's read-only links: listed, made (the address shown once), revoked. */
export default class SharesController {
  async index({ auth }: HttpContext) {
    const shares = await listShares(auth.getUserOrFail())
    return { data: shares.map(shareJson) }
  }

  async store(ctx: HttpContext) {
    const { what, order_id: orderId } = await ctx.request.validateUsing(shareValidator)
    const target = what === 'order' ? { what, orderId: orderId! } : { what }
    const { share, token } = await makeShare(ctx.auth.getUserOrFail(), target)
    guardNewLink(ctx.response)
    return ctx.response.created({ ...shareJson(share), url: shareUrl(ctx, token) })
  }

  async destroy({ auth, params, response }: HttpContext) {
    await revokeShare(auth.getUserOrFail(), Number(params.id))
    return response.noContent()
  }
}
