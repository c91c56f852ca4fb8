/*
 * HTTP middleware: server middleware run on every request (routed or not), router
 * middleware on every matched route, named middleware where routes ask for them.
 */
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#exceptions/handler'))

server.use([
  () => import('#middleware/container_bindings_middleware'),
  () => import('#middleware/security_headers_middleware'),
  () => import('#middleware/compression_middleware'),
  () => import('#middleware/static_assets_middleware'),
  () => import('@adonisjs/cors/cors_middleware'),
])

/*
 * No body is read here: `body` reads it per route, after `auth` on signed-in routes and
 * before `csrf`, so nothing is parsed for a request that will be refused.
 */
router.use([
  () => import('#middleware/session_middleware'),
  () => import('#middleware/shield_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
])

export const middleware = router.named({
  auth: () => import('#middleware/auth_middleware'),
  guest: () => import('#middleware/guest_middleware'),
  admin: () => import('#middleware/admin_middleware'),
  body: () => import('#middleware/body_middleware'),
  csrf: () => import('#middleware/csrf_middleware'),
})
