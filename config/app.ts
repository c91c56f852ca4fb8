import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/core/http'

export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: true,
  useAsyncLocalStorage: false,
  trustProxy: () => app.inProduction,
  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})

/** Public address of the app when known (printed links); pages use relative URLs. */
export const appUrl =
  env.get('APP_URL') ?? `http://${env.get('HOST') ?? 'localhost'}:${env.get('PORT') ?? 3333}`
