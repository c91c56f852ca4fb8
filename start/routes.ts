/*
 * Routes. Deny by default: every page and /api route sits in a group that
 * requires sign-in, except the few listed as public here.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const HealthController = () => import('#controllers/health_controller')
const SessionController = () => import('#controllers/session_controller')
const RegistrationController = () => import('#controllers/registration_controller')
const AccountController = () => import('#controllers/account_controller')
const AccountTokensController = () => import('#controllers/account_tokens_controller')
const PasswordController = () => import('#controllers/password_controller')
const RollController = () => import('#controllers/roll_controller')
const ApiRegistrationController = () => import('#controllers/api/registration_controller')
const ApiAccessTokensController = () => import('#controllers/api/access_tokens_controller')
const ApiMeController = () => import('#controllers/api/me_controller')

/* Public */
router.get('/health', [HealthController, 'show']).as('health')
router
  .group(() => {
    router.get('/login', [SessionController, 'create']).as('session.create')
    router.post('/login', [SessionController, 'store']).as('session.store')
    router.get('/register', [RegistrationController, 'create']).as('registration.create')
    router.post('/register', [RegistrationController, 'store']).as('registration.store')
  })
  .use(middleware.guest())
router.post('/api/auth/register', [ApiRegistrationController, 'store']).as('api.registration.store')
router.post('/api/auth/login', [ApiAccessTokensController, 'store']).as('api.access_tokens.store')

/* Pages (cookie) */
router
  .group(() => {
    router.get('/', [RollController, 'show']).as('roll.show')
    router.post('/logout', [SessionController, 'destroy']).as('session.destroy')
    router.get('/account', [AccountController, 'show']).as('account.show')
    router.put('/account/password', [PasswordController, 'update']).as('account.password.update')
    router
      .delete('/account/tokens', [AccountTokensController, 'destroyAll'])
      .as('account.tokens.destroy_all')
    router
      .delete('/account/tokens/:id', [AccountTokensController, 'destroy'])
      .as('account.tokens.destroy')
  })
  .use(middleware.auth())

/* JSON API (Bearer) */
router
  .group(() => {
    router.post('/auth/logout', [ApiAccessTokensController, 'destroy']).as('access_tokens.destroy')
    router.get('/auth/me', [ApiMeController, 'show']).as('me.show')
  })
  .prefix('/api')
  .as('api')
  .use(middleware.auth())
