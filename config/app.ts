import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/core/http'
import { clientAddress, trustedProxies } from '#services/trusted_proxies'

/** Which X-Forwarded-For entry is the client: TRUSTED_PROXIES (start/env.ts checks it). */
const trustProxy = trustedProxies(env.get('TRUSTED_PROXIES'))

export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: true,
  useAsyncLocalStorage: false,
  trustProxy,
  getIp: (request) => clientAddress(request.request, trustProxy),
  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})
