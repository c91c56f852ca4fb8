import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import StaticMiddleware from '@adonisjs/static/static_middleware'
import { assetVersion } from '#http/assets'
import { textAsset } from '#http/text_assets'

/** A path whose last segment names a file (`/app.css`, `/favicon.svg`); pages never do. */
const FILE_PATH = /\/[^/]+\.[A-Za-z0-9]+$/

/** A year: a versioned URL (`/app.css?v=…`) names one content for good. */
const FOR_GOOD = 'public, max-age=31536000, immutable'

/**
 * Serves files from public/, but only for paths that name a file: every other request
 * goes straight on without a look at the disk. Text files are answered here, already
 * compressed (app/http/text_assets.ts), for a year under their versioned URL and
 * checked again (ETag) under a plain one; the rest through @adonisjs/static.
 */
@inject()
export default class StaticAssetsMiddleware {
  constructor(private assets: StaticMiddleware) {}

  handle(ctx: HttpContext, next: NextFn) {
    const method = ctx.request.method()
    const path = ctx.request.url()
    if ((method !== 'GET' && method !== 'HEAD') || !FILE_PATH.test(path)) return next()
    const asset = textAsset(path)
    if (!asset) return this.assets.handle(ctx, next)
    const { request, response } = ctx
    const versioned = request.qs().v === assetVersion
    response.header('content-type', asset.type)
    response.header('cache-control', versioned ? FOR_GOOD : 'no-cache')
    response.header('etag', asset.etag)
    response.header('vary', 'Accept-Encoding')
    if (request.header('if-none-match') === asset.etag) return response.status(304).send('')
    const accepted = request.header('accept-encoding') ?? ''
    const [encoding, body] = /\bbr\b/.test(accepted)
      ? ['br', asset.br]
      : /\bgzip\b/.test(accepted)
        ? ['gzip', asset.gzip]
        : [null, asset.plain]
    if (encoding) response.header('content-encoding', encoding)
    response.header('content-length', String(body.length))
    return response.status(200).send(method === 'HEAD' ? '' : body)
  }
}
