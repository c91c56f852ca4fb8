/*
 * Routes. Deny by default: every page and /api route sits in a group that
 * requires sign-in, except the few listed as public here. Each group names how its
 * bodies are read (`body`, after sign-in) and, for pages, checks CSRF after that.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import env from '#start/env'

const HealthController = () => import('#controllers/health_controller')
const OpenApiController = () => import('#controllers/openapi_controller')
const AppShellController = () => import('#controllers/app_shell_controller')
const PasswordResetController = () => import('#controllers/password_reset_controller')
const EmailChangeController = () => import('#controllers/email_change_controller')
const AccountDeletionController = () => import('#controllers/account_deletion_controller')
const SessionController = () => import('#controllers/session_controller')
const RegistrationController = () => import('#controllers/registration_controller')
const AccountController = () => import('#controllers/account_controller')
const AccountTokensController = () => import('#controllers/account_tokens_controller')
const PasswordController = () => import('#controllers/password_controller')
const SettingsController = () => import('#controllers/settings_controller')
const RollController = () => import('#controllers/roll_controller')
const RateController = () => import('#controllers/rate_controller')
const QueueController = () => import('#controllers/queue_controller')
const ThreadsController = () => import('#controllers/threads_controller')
const IssuesController = () => import('#controllers/issues_controller')
const HistoryController = () => import('#controllers/history_controller')
const UndoController = () => import('#controllers/undo_controller')
const AnalyticsController = () => import('#controllers/analytics_controller')
const ApiRegistrationController = () => import('#controllers/api/registration_controller')
const ApiAccessTokensController = () => import('#controllers/api/access_tokens_controller')
const ApiMeController = () => import('#controllers/api/me_controller')
const ApiThreadsController = () => import('#controllers/api/threads_controller')
const ApiThreadReactivationsController = () =>
  import('#controllers/api/thread_reactivations_controller')
const ApiStaleThreadsController = () => import('#controllers/api/stale_threads_controller')
const ApiIssuesController = () => import('#controllers/api/issues_controller')
const ApiAccountRecoveryController = () => import('#controllers/api/account_recovery_controller')
const ApiQueueController = () => import('#controllers/api/queue_controller')
const ApiReadingSessionController = () => import('#controllers/api/reading_session_controller')
const ApiSettingsController = () => import('#controllers/api/settings_controller')
const ApiRollsController = () => import('#controllers/api/rolls_controller')
const ApiSessionsController = () => import('#controllers/api/sessions_controller')
const ApiUndoController = () => import('#controllers/api/undo_controller')
const ApiDataController = () => import('#controllers/api/data_controller')
const AccountImportsController = () => import('#controllers/account_imports_controller')

/* Every `:id` is a positive integer that fits a database id; anything else is a 404. */
router.where('id', { match: /^[1-9][0-9]{0,8}$/, cast: (value) => Number(value) })

/* Public */
router.get('/health', [HealthController, 'show']).as('health')
router.get('/openapi.json', [OpenApiController, 'show']).as('openapi')
router.get('/offline', [AppShellController, 'offline']).as('offline')
router.get('/sw.js', [AppShellController, 'serviceWorker']).as('service_worker')
router
  .get('/livez', ({ response }) =>
    response.header('cache-control', 'no-store').send({ status: 'ok' })
  )
  .as('livez')
router
  .group(() => {
    router.get('/login', [SessionController, 'create']).as('session.create')
    router.post('/login', [SessionController, 'store']).as('session.store')
    router.get('/register', [RegistrationController, 'create']).as('registration.create')
    router.post('/register', [RegistrationController, 'store']).as('registration.store')
  })
  .use([middleware.guest(), middleware.body(), middleware.csrf()])

/* Links that come by mail: they work signed in or not, on any device. */
router
  .group(() => {
    router.get('/password/forgot', [PasswordResetController, 'create']).as('password_reset.create')
    router.post('/password/forgot', [PasswordResetController, 'store']).as('password_reset.store')
    router
      .get('/password/reset/:token', [PasswordResetController, 'edit'])
      .where('token', /^[\w-]{1,200}$/)
      .as('password_reset.edit')
    router.post('/password/reset', [PasswordResetController, 'update']).as('password_reset.update')
    router
      .get('/email/confirm/:token', [EmailChangeController, 'show'])
      .where('token', /^[\w-]{1,200}$/)
      .as('email_change.show')
    router.post('/email/confirm', [EmailChangeController, 'confirm']).as('email_change.confirm')
    router
      .get('/email/revert/:token', [EmailChangeController, 'showRevert'])
      .where('token', /^[\w-]{1,200}$/)
      .as('email_revert.show')
    router.post('/email/revert', [EmailChangeController, 'revert']).as('email_revert.store')
  })
  .use([middleware.body(), middleware.csrf()])
router
  .group(() => {
    router.post('/auth/register', [ApiRegistrationController, 'store']).as('registration.store')
    router.post('/auth/login', [ApiAccessTokensController, 'store']).as('access_tokens.store')
    router
      .post('/auth/password-reset', [ApiAccountRecoveryController, 'requestReset'])
      .as('password_reset.store')
    router
      .post('/auth/password-reset/confirm', [ApiAccountRecoveryController, 'reset'])
      .as('password_reset.confirm')
    router
      .post('/auth/email-confirm', [ApiAccountRecoveryController, 'confirmEmail'])
      .as('email_confirm.store')
  })
  .prefix('/api')
  .as('api')
  .use(middleware.body())

/* Pages (cookie) */
router
  .group(() => {
    router.get('/', [RollController, 'show']).as('roll.show')
    router.post('/roll', [RollController, 'store']).as('roll.store')
    router.post('/roll/override', [RollController, 'override']).as('roll.override')
    router.post('/roll/skip', [RollController, 'skip']).as('roll.skip')
    router.post('/roll/snooze', [RollController, 'snooze']).as('roll.snooze')
    router
      .delete('/session/snoozes/:thread_id', [RollController, 'unsnooze'])
      .where('thread_id', /^\d+$/)
      .as('session.snoozes.destroy')
    router.post('/session/die', [RollController, 'setDie']).as('session.die.store')
    router.delete('/session/die', [RollController, 'clearDie']).as('session.die.destroy')
    router.get('/rate', [RateController, 'show']).as('rate.show')
    router.post('/rate', [RateController, 'store']).as('rate.store')

    router.get('/queue', [QueueController, 'show']).as('queue.show')
    router
      .post('/queue/:id/:to', [QueueController, 'move'])
      .where('to', /^(front|back|position)$/)
      .as('queue.move')
    router.post('/threads', [ThreadsController, 'store']).as('threads.store')
    router.post('/threads/list', [ThreadsController, 'storeList']).as('threads.store_list')
    router.get('/threads/:id', [ThreadsController, 'show']).as('threads.show')
    router.get('/threads/:id/edit', [ThreadsController, 'edit']).as('threads.edit')
    router.put('/threads/:id', [ThreadsController, 'update']).as('threads.update')
    router
      .get('/threads/:id/delete', [ThreadsController, 'confirmDestroy'])
      .as('threads.confirm_destroy')
    router.delete('/threads/:id', [ThreadsController, 'destroy']).as('threads.destroy')
    router
      .post('/threads/:id/reactivation', [ThreadsController, 'reactivate'])
      .as('threads.reactivation')
    router.post('/threads/:id/issues', [IssuesController, 'store']).as('threads.issues.store')
    router.post('/issues/:id/read', [IssuesController, 'read']).as('issues.read')
    router
      .post('/issues/:id/read-through', [IssuesController, 'readThrough'])
      .as('issues.read_through')
    router.delete('/issues/:id/read', [IssuesController, 'unread']).as('issues.unread')
    router.delete('/issues/:id', [IssuesController, 'destroy']).as('issues.destroy')

    router.get('/history', [HistoryController, 'index']).as('history.index')
    router.get('/analytics', [AnalyticsController, 'show']).as('analytics.show')
    router.get('/history/:id', [HistoryController, 'show']).as('history.show')
    router
      .get('/history/:id/restore', [UndoController, 'confirmRestore'])
      .as('history.restore.confirm')
    router.post('/history/:id/restore', [UndoController, 'restore']).as('history.restore')
    router.post('/undo', [UndoController, 'store']).as('undo.store')
    router.get('/account/export.json', [ApiDataController, 'exportJson']).as('account.export.json')
    router.get('/account/export.csv', [ApiDataController, 'exportCsv']).as('account.export.csv')
    router.get('/account/export.md', [ApiDataController, 'exportMarkdown']).as('account.export.md')
    router
      .get('/sessions/:id', ({ params, response }) =>
        response.redirect().toRoute('history.show', { id: params.id })
      )
      .as('legacy.session')
    router
      .get('/react', ({ response }) => response.redirect().toRoute('roll.show'))
      .as('legacy.react')
    router
      .get('/react/*', ({ response }) => response.redirect().toRoute('roll.show'))
      .as('legacy.react_any')
    router.post('/logout', [SessionController, 'destroy']).as('session.destroy')
    router.get('/account', [AccountController, 'show']).as('account.show')
    router.put('/account/password', [PasswordController, 'update']).as('account.password.update')
    router.put('/account/settings', [SettingsController, 'update']).as('account.settings.update')
    router.put('/account/email', [EmailChangeController, 'store']).as('account.email.update')
    router
      .delete('/account/email/pending', [EmailChangeController, 'cancel'])
      .as('account.email.pending.destroy')
    router.get('/account/delete', [AccountDeletionController, 'show']).as('account.delete')
    router.delete('/account', [AccountDeletionController, 'destroy']).as('account.destroy')
    router
      .get('/account/sign-out-everywhere', [AccountTokensController, 'confirmDestroyAll'])
      .as('account.tokens.confirm_destroy_all')
    router
      .delete('/account/tokens', [AccountTokensController, 'destroyAll'])
      .as('account.tokens.destroy_all')
    router
      .delete('/account/tokens/:id', [AccountTokensController, 'destroy'])
      .as('account.tokens.destroy')
  })
  .use([middleware.auth(), middleware.body(), middleware.csrf()])

/* Imports from the account page: the only page route that takes a file */
router
  .post('/account/import/:kind', [AccountImportsController, 'import'])
  .where('kind', /^(threads|reviews|json)$/)
  .as('account.import')
  .use([middleware.auth(), middleware.body({ uploads: true }), middleware.csrf()])

/* JSON API (Bearer) */
router
  .group(() => {
    router.post('/auth/logout', [ApiAccessTokensController, 'destroy']).as('access_tokens.destroy')
    router.get('/auth/me', [ApiMeController, 'show']).as('me.show')
    router.patch('/auth/me', [ApiAccountRecoveryController, 'changeEmail']).as('me.update')
    router.delete('/auth/me', [ApiAccountRecoveryController, 'destroy']).as('me.destroy')
    router
      .delete('/auth/me/pending-email', [ApiAccountRecoveryController, 'cancelEmailChange'])
      .as('me.pending_email.destroy')

    router.get('/threads/stale', [ApiStaleThreadsController, 'index']).as('threads.stale')
    router.get('/threads', [ApiThreadsController, 'index']).as('threads.index')
    router.post('/threads', [ApiThreadsController, 'store']).as('threads.store')
    router.get('/threads/:id', [ApiThreadsController, 'show']).as('threads.show')
    router.patch('/threads/:id', [ApiThreadsController, 'update']).as('threads.update')
    router.delete('/threads/:id', [ApiThreadsController, 'destroy']).as('threads.destroy')
    router
      .post('/threads/:id/reactivate', [ApiThreadReactivationsController, 'store'])
      .as('threads.reactivate')
    router.get('/threads/:id/issues', [ApiIssuesController, 'index']).as('threads.issues.index')
    router.post('/threads/:id/issues', [ApiIssuesController, 'store']).as('threads.issues.store')
    router.post('/issues/:id/read', [ApiIssuesController, 'read']).as('issues.read')
    router
      .post('/issues/:id/read-through', [ApiIssuesController, 'readThrough'])
      .as('issues.read_through')
    router.delete('/issues/:id/read', [ApiIssuesController, 'unread']).as('issues.unread')
    router.delete('/issues/:id', [ApiIssuesController, 'destroy']).as('issues.destroy')

    router.get('/queue', [ApiQueueController, 'index']).as('queue.index')
    router.post('/queue/:id/front', [ApiQueueController, 'front']).as('queue.front')
    router.post('/queue/:id/back', [ApiQueueController, 'back']).as('queue.back')
    router.post('/queue/:id/position', [ApiQueueController, 'position']).as('queue.position')

    router.get('/settings', [ApiSettingsController, 'show']).as('settings.show')
    router.patch('/settings', [ApiSettingsController, 'update']).as('settings.update')

    router.get('/session', [ApiReadingSessionController, 'show']).as('session.show')
    router.post('/session/die', [ApiReadingSessionController, 'setDie']).as('session.die.store')
    router
      .delete('/session/die', [ApiReadingSessionController, 'clearDie'])
      .as('session.die.destroy')
    router.post('/session/finish', [ApiReadingSessionController, 'finish']).as('session.finish')
    router
      .delete('/session/snoozes/:thread_id', [ApiReadingSessionController, 'unsnooze'])
      .where('thread_id', /^\d+$/)
      .as('session.snoozes.destroy')

    router.post('/roll', [ApiRollsController, 'roll']).as('roll.store')
    router.post('/roll/override', [ApiRollsController, 'override']).as('roll.override')
    router.post('/roll/skip', [ApiRollsController, 'skip']).as('roll.skip')
    router.post('/roll/snooze', [ApiRollsController, 'snooze']).as('roll.snooze')
    router.post('/rate', [ApiRollsController, 'rate']).as('rate.store')

    router.get('/sessions', [ApiSessionsController, 'index']).as('sessions.index')
    router.get('/sessions/:id', [ApiSessionsController, 'show']).as('sessions.show')
    router
      .post('/sessions/:id/restore-start', [ApiUndoController, 'restoreStart'])
      .as('sessions.restore_start')
    router.post('/undo', [ApiUndoController, 'store']).as('undo.store')

    router.get('/export.json', [ApiDataController, 'exportJson']).as('export.json')
    router.get('/export.csv', [ApiDataController, 'exportCsv']).as('export.csv')
    router.get('/export.md', [ApiDataController, 'exportMarkdown']).as('export.md')
  })
  .prefix('/api')
  .as('api')
  .use([middleware.auth(), middleware.body()])

/* Imports through the API: the only API routes that take a file or a raw body */
router
  .group(() => {
    router.post('/import/threads', [ApiDataController, 'importThreads']).as('import.threads')
    router.post('/import/reviews', [ApiDataController, 'importReviews']).as('import.reviews')
    router.post('/import/json', [ApiDataController, 'importJson']).as('import.json')
  })
  .prefix('/api')
  .as('api')
  .use([middleware.auth(), middleware.body({ uploads: true })])

/* Internal power tools: not registered at all unless their flags are on; admins only. */
if (env.get('ENABLE_INTERNAL_OPS_ROUTES')) {
  const AdminController = () => import('#controllers/api/admin_controller')
  router
    .group(() => {
      router.get('/users', [AdminController, 'users']).as('users')
      router.get('/export.json', [AdminController, 'export']).as('export')
      router.post('/users/:id/revoke-tokens', [AdminController, 'revokeTokens']).as('revoke_tokens')
    })
    .prefix('/api/admin')
    .as('api.admin')
    .use([middleware.admin(), middleware.body()])
}
if (env.get('ENABLE_DEBUG_ROUTES')) {
  const DebugController = () => import('#controllers/debug_controller')
  router
    .group(() => {
      router.get('/errors', [DebugController, 'errors']).as('errors')
      router.post('/trigger-500', [DebugController, 'trigger']).as('trigger_500')
    })
    .prefix('/debug')
    .as('debug')
    .use([middleware.admin(), middleware.body()])
}
