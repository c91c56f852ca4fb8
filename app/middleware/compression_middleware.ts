import type { ServerResponse } from 'node:http'
import { constants } from 'node:zlib'
import compression from 'compression'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Answers whose body holds a secret an attacker could not have masked: never compressed. */
const uncompressed = new WeakSet<ServerResponse>()

/**
 * Keeps an answer uncompressed (BREACH): a mailed link's page carries the link's token
 * as it came, and a compressed size could tell it apart. Every other page's secret, its
 * CSRF token, is masked afresh on every answer.
 */
export function keepUncompressed(response: HttpContext['response']) {
  uncompressed.add(response.response)
}

/** Bodies under this size go as they are: compressing them saves less than it costs. */
const THRESHOLD_BYTES = 1024

const compress = compression({
  threshold: THRESHOLD_BYTES,
  // Brotli at a quality that costs about what gzip does; gzip for clients without it.
  brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  filter: (req, res) => !uncompressed.has(res) && compression.filter(req, res),
})

/**
 * Compresses pages and JSON answers (HTML, JSON, CSV, Markdown) with the `compression`
 * library, as the client accepts (br, gzip). The versioned text assets are compressed
 * once, ahead (app/middleware/static_assets_middleware.ts), and pass through as they are.
 */
export default class CompressionMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    return new Promise<void>((resolve, reject) => {
      compress(ctx.request.request as never, ctx.response.response as never, () => {
        Promise.resolve(next()).then(() => resolve(), reject)
      })
    })
  }
}
