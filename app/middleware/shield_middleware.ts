import edge from 'edge.js'
import app from '@adonisjs/core/services/app'
import encryption from '@adonisjs/core/services/encryption'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import ShieldMiddleware from '@adonisjs/shield/shield_middleware'
import type { ShieldConfig } from '@adonisjs/shield/types'
import { usesBearer } from '#guards/jwt_guard'

interface Guards {
  pages: ShieldMiddleware
  bearer: ShieldMiddleware
  /** The Content-Security-Policy header, when enabled. */
  policy: string | null
}
let guards: Guards | undefined

/**
 * The policy of config/shield.ts as one header value. It names no nonce (pages load
 * scripts and styles from files only), so it is the same for every response and is
 * written once, not rebuilt with a fresh nonce per request.
 */
function policyOf(csp: ShieldConfig['csp']) {
  if (!csp.enabled) return null
  return Object.entries(csp.directives ?? {})
    .map(([name, values]) => {
      const directive = name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)
      return [directive, ...(values as string[])].join(' ')
    })
    .join('; ')
}

/** Built once (from config/shield.ts) rather than for every request. */
function guardsFor(): Guards {
  if (!guards) {
    const config = app.config.get<ShieldConfig>('shield')
    const shield = { ...config, csp: { ...config.csp, enabled: false } }
    const encrypter = encryption.use()
    guards = {
      pages: new ShieldMiddleware(shield, encrypter, edge),
      // CSRF guards cookie-authenticated forms; a Bearer request carries no cookie to forge.
      bearer: new ShieldMiddleware({ ...shield, csrf: { enabled: false } }, encrypter, edge),
      policy: policyOf(config.csp),
    }
  }
  return guards
}

/**
 * @adonisjs/shield's headers (frame, HSTS, nosniff) and the Content-Security-Policy
 * on every routed request; shield's CSRF guard on pages only.
 */
export default class SecurityGuardsMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    const { pages, bearer, policy } = guardsFor()
    if (policy) ctx.response.header('Content-Security-Policy', policy)
    return (usesBearer(ctx.request.url()) ? bearer : pages).handle(ctx, next)
  }
}
