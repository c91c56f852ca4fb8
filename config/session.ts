import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'

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
  stores: { cookie: stores.cookie() },
})
