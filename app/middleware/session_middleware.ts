import { configProvider, inject } from '@adonisjs/core'
import app from '@adonisjs/core/services/app'
import emitter from '@adonisjs/core/services/emitter'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { Session } from '@adonisjs/session'
import type { ResolvedSessionConfig } from '@adonisjs/session/types'
import SessionMiddleware from '@adonisjs/session/session_middleware'
import { usesBearer } from '#guards/jwt_guard'

let resolved: Promise<ResolvedSessionConfig> | undefined
const sessionConfig = () =>
  (resolved ??= configProvider
    .resolve<ResolvedSessionConfig>(app, app.config.get('session'))
    .then((config) => config!))

/**
 * Pages keep their session (flash messages, the CSRF secret) in a cookie through
 * @adonisjs/session. The JSON surfaces authenticate with Bearer tokens and carry no
 * cookie: they get a session for the length of the request that is never stored.
 */
@inject()
export default class BrowserSessionMiddleware {
  constructor(private pages: SessionMiddleware<any>) {}

  async handle(ctx: HttpContext, next: NextFn) {
    if (!usesBearer(ctx.request.url())) return this.pages.handle(ctx, next)
    const config = await sessionConfig()
    ctx.session = new Session(config, config.stores[config.store], emitter, ctx)
    await ctx.session.initiate(false)
    return next()
  }
}
