import edge from 'edge.js'
import app from '@adonisjs/core/services/app'
import encryption from '@adonisjs/core/services/encryption'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import ShieldMiddleware from '@adonisjs/shield/shield_middleware'
import type { ShieldConfig } from '@adonisjs/shield/types'

let guard: ShieldMiddleware | undefined

/** Requests that only need a CSRF token for the page they are answered with (see below). */
const tokenOnly = new WeakSet<HttpContext>()

function csrfGuard() {
  if (!guard) {
    const { csrf } = app.config.get<ShieldConfig>('shield')
    const off = { enabled: false }
    guard = new ShieldMiddleware(
      {
        csp: off,
        xFrame: off,
        hsts: off,
        contentTypeSniffing: off,
        csrf: { ...csrf, exceptRoutes: (ctx: HttpContext) => tokenOnly.has(ctx) },
      } as ShieldConfig,
      encryption.use(),
      edge
    )
  }
  return guard
}

/**
 * @adonisjs/shield's CSRF guard, for the cookie-signed pages: it gives each page its
 * token and checks the token of every form post. It runs after sign-in and the body.
 */
export default class CsrfMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    return csrfGuard().handle(ctx, next)
  }
}

/**
 * Gives the page a refused request is answered with its forms' CSRF token, when the
 * request was refused before the guard ran (its body, say): nothing is checked.
 */
export async function shareCsrfToken(ctx: HttpContext) {
  if (ctx.request.csrfToken) return
  tokenOnly.add(ctx)
  try {
    await csrfGuard().handle(ctx, async () => {})
  } finally {
    tokenOnly.delete(ctx)
  }
}
