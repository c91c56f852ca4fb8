import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/session'
import { BrowserSessionStore } from '#services/browser_session_store'

/**
 * Sessions carry only flash messages, old form values and the CSRF secret;
 * sign-in lives in the access-token cookie.
 */
export default defineConfig({
  enabled: true,
  cookieName: 'cp_session',
  clearWithBrowser: true,
  age: '2h',
  cookie: { path: '/', httpOnly: true, secure: app.inProduction, sameSite: 'lax' },
  store: 'cookie',
  stores: { cookie: (ctx, config) => new BrowserSessionStore(ctx, config.cookie) },
})
