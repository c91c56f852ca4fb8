import type { HttpContext } from '@adonisjs/core/http'
import { urlFor } from '@adonisjs/core/services/url_builder'
import env from '#start/env'
import type Share from '#models/share'
import type { ShareTarget } from '#domain/shares'
import { keepUncompressed } from '#middleware/compression_middleware'

/**
 * A link's address: APP_URL's when it is set (as mailed links are), else the address the
 * reader is using, shown only to them as they make it.
 */
export function shareUrl({ request }: HttpContext, token: string) {
  const path = urlFor('shared.show', { token })
  const base = env.get('APP_URL') ?? `${request.protocol()}://${request.host()}`
  return new URL(path, base.endsWith('/') ? base : `${base}/`).toString()
}

/**
 * An answer that shows a new link's token: never compressed (its size could tell the
 * token apart, as a mailed link's page would: see compression_middleware), never stored.
 */
export function guardNewLink(response: HttpContext['response']) {
  keepUncompressed(response)
  response.header('cache-control', 'no-store')
}

/** `GET /api/shares`' object of a link (without its address, which only its making shows). */
export function shareJson(share: Share) {
  return {
    id: share.id,
    what: share.what,
    order_id: share.orderId,
    created_at: share.createdAt.toUTC().toISO(),
    ends_with: share.endsWith,
  }
}

/** The page a list's links are on: the queue's, or the order's. */
export const sharePageOf = (target: ShareTarget) =>
  target.what === 'queue'
    ? { route: 'queue.share' as const, params: {} }
    : { route: 'orders.share' as const, params: { id: target.orderId } }
