import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import SessionMiddleware from '@adonisjs/session/session_middleware'
import { usesBearer } from '#guards/jwt_guard'

/** Public answers that hold no form and no message: they need no session. */
const STATELESS_ROUTES = new Set([
  'health',
  'livez',
  'openapi',
  'service_worker',
  'offline',
  'shared.show',
  'shared.show_deeper',
])

/** The message of a page's form posted from another site. */
export const CROSS_SITE_MESSAGE =
  'This form came from another site, so nothing was sent. Open Comic Pile and try again there.'

/**
 * Whether a request that changes something was sent by another site's page (the
 * browser's Sec-Fetch-Site, else its Origin). Our own pages post same-origin.
 */
function postedFromAnotherSite({ request }: HttpContext) {
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.intended())) return false
  const site = request.header('sec-fetch-site')
  if (site) return site === 'cross-site' || site === 'same-site'
  const origin = request.header('origin')
  if (!origin) return false
  try {
    return new URL(origin).host !== request.host()
  } catch {
    return true
  }
}

/**
 * Pages keep their session (flash messages, the CSRF secret) in a cookie through
 * @adonisjs/session. The JSON surfaces authenticate with Bearer tokens only, and the
 * stateless public answers need none: they have no session and set no cookie.
 */
@inject()
export default class BrowserSessionMiddleware {
  constructor(private pages: SessionMiddleware<any>) {}

  async handle(ctx: HttpContext, next: NextFn) {
    if (usesBearer(ctx.request.url()) || STATELESS_ROUTES.has(ctx.route?.name ?? '')) return next()
    // Another site's form never reaches a page route: no session is started for it (no
    // cookie set, none replaced), no body read, nothing echoed, nobody signed out.
    if (postedFromAnotherSite(ctx)) {
      const page = await ctx.view.render('pages/errors/client_error', {
        status: 403,
        message: CROSS_SITE_MESSAGE,
      })
      return ctx.response.status(403).header('cache-control', 'no-store').send(page)
    }
    return this.pages.handle(ctx, next)
  }
}
