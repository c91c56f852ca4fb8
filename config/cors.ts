import env from '#start/env'
import { defineConfig } from '@adonisjs/cors'

const allowed = new Set(
  (env.get('CORS_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/$/, ''))
    .filter(Boolean)
)

/** Exact-origin CORS for the JSON API only, never with credentials. */
export default defineConfig({
  enabled: (ctx) => ctx.request.url().startsWith('/api/'),
  origin: (requestOrigin) => allowed.has(requestOrigin),
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  headers: ['authorization', 'content-type', 'accept'],
  exposeHeaders: ['retry-after'],
  credentials: false,
  maxAge: 600,
})
