import edge from 'edge.js'
import app from '@adonisjs/core/services/app'
import encryption from '@adonisjs/core/services/encryption'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import ShieldMiddleware from '@adonisjs/shield/shield_middleware'
import type { ShieldConfig } from '@adonisjs/shield/types'
import { usesBearer } from '#guards/jwt_guard'

let shields: { pages: ShieldMiddleware; bearer: ShieldMiddleware } | undefined

/** Built once (from config/shield.ts) rather than for every request. */
function shieldsFor() {
  if (!shields) {
    const config = app.config.get<ShieldConfig>('shield')
    const encrypter = encryption.use()
    shields = {
      pages: new ShieldMiddleware(config, encrypter, edge),
      // CSRF guards cookie-authenticated forms; a Bearer request carries no cookie to forge.
      bearer: new ShieldMiddleware({ ...config, csrf: { enabled: false } }, encrypter, edge),
    }
  }
  return shields
}

/**
 * @adonisjs/shield's headers (CSP, frame, HSTS, nosniff) on every routed request;
 * its CSRF guard on pages only.
 */
export default class SecurityGuardsMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    const { pages, bearer } = shieldsFor()
    return (usesBearer(ctx.request.url()) ? bearer : pages).handle(ctx, next)
  }
}
