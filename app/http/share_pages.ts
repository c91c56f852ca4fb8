/**
 * The pages of sharing a list: the reader's page of a list's links (the queue's, or an
 * order's), where links are made, shown once, listed and revoked; and the shared page
 * itself, which anyone with a link opens without signing in.
 */
import type { HttpContext } from '@adonisjs/core/http'
import { findOrder } from '#domain/orders/reading'
import {
  SHARE_LIMIT,
  type ShareTarget,
  findShare,
  linksOfList,
  shareOrNull,
  sharedList,
  targetOfShare,
} from '#domain/shares'
import { throttles } from '#services/throttles'
import { guardNewLink, sharePageOf } from '#http/share_links'
import { progressText } from '#http/order_pages'

/** What the share page of a route is of: the order in its path, else the queue. */
export const targetOf = ({ params }: HttpContext): ShareTarget =>
  params.id === undefined ? { what: 'queue' } : { what: 'order', orderId: Number(params.id) }

/** A list's links, with the form that makes one and, once, the address of the one just made. */
export async function renderSharePage(ctx: HttpContext, target: ShareTarget = targetOf(ctx)) {
  const { auth, session, view, response } = ctx
  const user = auth.getUserOrFail()
  const order = target.what === 'order' ? await findOrder(user, target.orderId) : null
  const { links, live, full, elsewhere } = await linksOfList(user, target)
  const made = session.flashMessages.get('shareUrl') as string | undefined
  if (made) guardNewLink(response)
  return view.render('pages/shares/show', {
    order,
    links,
    made: made ?? null,
    live,
    full,
    limit: SHARE_LIMIT,
    elsewhere: elsewhere.map((list) => ({ ...list, page: sharePageOf(list.target) })),
  })
}

/** One link's "Revoke it?" page; not found for a link not the reader's, or revoked. */
export async function renderRevokePage(ctx: HttpContext) {
  const user = ctx.auth.getUserOrFail()
  const share = await findShare(user, Number(ctx.params.id))
  const target = targetOfShare(share)
  const order = target.what === 'order' ? await findOrder(user, target.orderId) : null
  return ctx.view.render('pages/shares/revoke', { share, order, back: sharePageOf(target) })
}

/**
 * The page a refused revoke (an expired form, say) shows again: the share page of the
 * list that link is of, or the queue's when the link is gone.
 */
export async function renderShareOfLink(ctx: HttpContext) {
  const share = await shareOrNull(ctx.auth.getUserOrFail(), Number(ctx.params.id))
  return renderSharePage(ctx, share ? targetOfShare(share) : { what: 'queue' })
}

/**
 * What a shared page sends whatever it shows: never indexed, never kept by a cache, no
 * referrer to the sites it links to (its address is its secret).
 */
function guardSharedPage(response: HttpContext['response']) {
  response.header('cache-control', 'private, no-store')
  response.header('x-robots-tag', 'noindex, nofollow')
  response.header('referrer-policy', 'no-referrer')
}

/**
 * A shared list, live, 100 rows a page; any token that is no live link's gets the same
 * 404 page. Throttled per address before anything is looked up.
 */
export async function renderSharedList(ctx: HttpContext) {
  const { request, response, view } = ctx
  guardSharedPage(response)
  await throttles.sharedPage(request.ip()).consume()
  const page = Number(request.qs().page ?? 1)
  // Anything past the token (`/s/<token>/…`) makes it a token no link has.
  const rest = ctx.params['*'] as string[] | undefined
  const token = rest?.length ? [ctx.params.token, ...rest].join('/') : String(ctx.params.token)
  const list = await sharedList(token, page)
  if (!list) {
    response.status(404)
    return view.render('pages/shares/gone')
  }
  return view.render('pages/shares/shared', {
    list,
    progress:
      list.what === 'order'
        ? progressText({
            entriesRead: list.read,
            entriesTotal: list.total,
            done: list.total > 0 && list.read === list.total,
          })
        : null,
  })
}
