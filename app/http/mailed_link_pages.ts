import type { HttpContext } from '@adonisjs/core/http'

/**
 * A mailed link's page holds its token in its path: it is never sent on as a referrer
 * (to a site its page links to) and never stored by a cache.
 */
export function guardTokenPage(response: HttpContext['response']) {
  response.header('referrer-policy', 'no-referrer')
  response.header('cache-control', 'no-store')
}
