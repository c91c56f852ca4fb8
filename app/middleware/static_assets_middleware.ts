import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import StaticMiddleware from '@adonisjs/static/static_middleware'

/** A path whose last segment names a file (`/app.css`, `/favicon.svg`); pages never do. */
const FILE_PATH = /\/[^/]+\.[A-Za-z0-9]+$/

/**
 * Serves files from public/ through @adonisjs/static, but only for paths that name
 * a file: every other request goes straight on without a look at the disk.
 */
@inject()
export default class StaticAssetsMiddleware {
  constructor(private assets: StaticMiddleware) {}

  handle(ctx: HttpContext, next: NextFn) {
    const method = ctx.request.method()
    if ((method === 'GET' || method === 'HEAD') && FILE_PATH.test(ctx.request.url())) {
      return this.assets.handle(ctx, next)
    }
    return next()
  }
}
