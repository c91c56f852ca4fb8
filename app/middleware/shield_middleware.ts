import edge from 'edge.js'
import app from '@adonisjs/core/services/app'
import encryption from '@adonisjs/core/services/encryption'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import ShieldMiddleware from '@adonisjs/shield/shield_middleware'
import type { ShieldConfig } from '@adonisjs/shield/types'

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

let headers: { shield: ShieldMiddleware; policy: string | null } | undefined

/**
 * @adonisjs/shield's headers (frame, HSTS, nosniff) and the Content-Security-Policy on
 * every routed request, built once from config/shield.ts. Its CSRF guard is the `csrf`
 * middleware, which runs once the body is read.
 */
export default class SecurityGuardsMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    if (!headers) {
      const config = app.config.get<ShieldConfig>('shield')
      const shield = { ...config, csp: { ...config.csp, enabled: false }, csrf: { enabled: false } }
      headers = {
        shield: new ShieldMiddleware(shield, encryption.use(), edge),
        policy: policyOf(config.csp),
      }
    }
    if (headers.policy) ctx.response.header('Content-Security-Policy', headers.policy)
    return headers.shield.handle(ctx, next)
  }
}
