import edge from 'edge.js'
import app from '@adonisjs/core/services/app'
import encryption from '@adonisjs/core/services/encryption'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import ShieldMiddleware from '@adonisjs/shield/shield_middleware'
import type { ShieldConfig } from '@adonisjs/shield/types'

let guard: ShieldMiddleware | undefined

/**
 * @adonisjs/shield's CSRF guard, for the cookie-signed pages: it gives each page its
 * token and checks the token of every form post. It runs after sign-in and the body.
 */
export default class CsrfMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    if (!guard) {
      const { csrf } = app.config.get<ShieldConfig>('shield')
      const off = { enabled: false }
      guard = new ShieldMiddleware(
        { csp: off, xFrame: off, hsts: off, contentTypeSniffing: off, csrf } as ShieldConfig,
        encryption.use(),
        edge
      )
    }
    return guard.handle(ctx, next)
  }
}
