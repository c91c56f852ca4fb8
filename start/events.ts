/*
 * One log line per request: method, path (no query string, no token), status,
 * duration and body size. Never headers, cookies or bodies (sign-in and registration included).
 */
import emitter from '@adonisjs/core/services/emitter'
import router from '@adonisjs/core/services/router'
import { loggablePath, tokenPrefixesOf } from '#services/log_redaction'

/** The starts of the paths whose routes take a token, read from the routes once. */
let tokenPrefixes: string[] | undefined
const prefixesOfTokenRoutes = () =>
  (tokenPrefixes ??= tokenPrefixesOf(
    Object.values(router.toJSON())
      .flat()
      .map((route) => route.pattern)
  ))

emitter.on('http:request_completed', ({ ctx, duration }) => {
  const { request, response, logger } = ctx
  logger.info(
    {
      method: request.method(),
      path: loggablePath(request.url(), ctx.route?.pattern, prefixesOfTokenRoutes()),
      status: response.getStatus(),
      ms: Math.round((duration[0] * 1e3 + duration[1] / 1e6) * 10) / 10,
      bytes_in: Number(request.header('content-length') ?? 0),
      user_id: ctx.auth?.user?.id,
    },
    'request'
  )
})
