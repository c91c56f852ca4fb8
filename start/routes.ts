/*
 * Routes. Pages and the JSON API share the domain layer in app/; every page and
 * every /api route requires sign-in unless it is listed in the public group.
 */
import router from '@adonisjs/core/services/router'

const HealthController = () => import('#controllers/health_controller')
const SessionController = () => import('#controllers/session_controller')

router.get('/health', [HealthController, 'show']).as('health')

router.get('/login', [SessionController, 'create']).as('session.create')

router.get('/', ({ response }) => response.redirect().toPath('/login')).as('home')
