import type { HttpContext } from '@adonisjs/core/http'
import { keepUncompressed } from '#middleware/compression_middleware'

/**
 * A mailed link's page holds its token in its path: it is never sent on as a referrer
 * (to a site its page links to), never stored by a cache, and never compressed (its
 * token is in its body as it came: see compression_middleware).
 */
export function guardTokenPage(response: HttpContext['response']) {
  keepUncompressed(response)
  response.header('referrer-policy', 'no-referrer')
  response.header('cache-control', 'no-store')
}
