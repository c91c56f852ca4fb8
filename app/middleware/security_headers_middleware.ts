import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Headers shield does not set: referrer and permissions policies; no caching of API answers. */
export default class SecurityHeadersMiddleware {
  async handle({ request, response }: HttpContext, next: NextFn) {
    response.header('referrer-policy', 'same-origin')
    response.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()')
    response.header('cross-origin-opener-policy', 'same-origin')
    if (request.url().startsWith('/api/')) response.header('cache-control', 'no-store')
    return next()
  }
}
