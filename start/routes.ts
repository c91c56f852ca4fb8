/*
 * Routes. Deny by default: every page and /api route sits in a group that
 * requires sign-in, except the few listed as public here. Each group names how its
 * bodies are read (`body`, after sign-in) and, for pages, checks CSRF after that.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import env from '#start/env'
import { controllers } from '#generated/controllers'

/* Every `:id` is a positive integer that fits a database id; anything else is a 404. */
router.where('id', { match: /^[1-9][0-9]{0,8}$/, cast: (value) => Number(value) })

/* Public */
router.get('/health', [controllers.Health, 'show']).as('health')
router.get('/openapi.json', [controllers.Openapi, 'show']).as('openapi')
router.get('/offline', [controllers.AppShell, 'offline']).as('offline')
router.get('/help', [controllers.Help, 'show']).as('help.show')
router.get('/sw.js', [controllers.AppShell, 'serviceWorker']).as('service_worker')
/* A list shared by a read-only link (app/domain/shares.ts): whoever holds the link. */
router.get('/s/:token', [controllers.SharedLists, 'show']).as('shared.show')
/* Whatever else is under /s/ is a link copied wrong: the same answer as any dead link. */
router.get('/s/:token/*', [controllers.SharedLists, 'show']).as('shared.show_deeper')
router
  .get('/livez', ({ response }) =>
    response.header('cache-control', 'no-store').send({ status: 'ok' })
  )
  .as('livez')
router
  .group(() => {
    router.get('/login', [controllers.Session, 'create']).as('session.create')
    router.post('/login', [controllers.Session, 'store']).as('session.store')
    router.get('/register', [controllers.Registration, 'create']).as('registration.create')
    router.post('/register', [controllers.Registration, 'store']).as('registration.store')
  })
  .use([middleware.guest(), middleware.body(), middleware.csrf()])

/* Links that come by mail: they work signed in or not, on any device. */
router
  .group(() => {
    router
      .get('/password/forgot', [controllers.PasswordReset, 'create'])
      .as('password_reset.create')
    router.post('/password/forgot', [controllers.PasswordReset, 'store']).as('password_reset.store')
    router
      .get('/password/reset/:token', [controllers.PasswordReset, 'edit'])
      .where('token', /^[\w-]{1,200}$/)
      .as('password_reset.edit')
    router
      .post('/password/reset', [controllers.PasswordReset, 'update'])
      .as('password_reset.update')
    router
      .get('/email/confirm/:token', [controllers.EmailChange, 'show'])
      .where('token', /^[\w-]{1,200}$/)
      .as('email_change.show')
    router.post('/email/confirm', [controllers.EmailChange, 'confirm']).as('email_change.confirm')
    router
      .get('/email/revert/:token', [controllers.EmailChange, 'showRevert'])
      .where('token', /^[\w-]{1,200}$/)
      .as('email_revert.show')
    router.post('/email/revert', [controllers.EmailChange, 'revert']).as('email_revert.store')
  })
  .use([middleware.body(), middleware.csrf()])
router
  .group(() => {
    router.post('/auth/register', [controllers.api.Registration, 'store']).as('registration.store')
    router.post('/auth/login', [controllers.api.AccessTokens, 'store']).as('access_tokens.store')
    router
      .post('/auth/password-reset', [controllers.api.AccountRecovery, 'requestReset'])
      .as('password_reset.store')
    router
      .post('/auth/password-reset/confirm', [controllers.api.AccountRecovery, 'reset'])
      .as('password_reset.confirm')
    router
      .post('/auth/email-confirm', [controllers.api.AccountRecovery, 'confirmEmail'])
      .as('email_confirm.store')
  })
  .prefix('/api')
  .as('api')
  .use(middleware.body())

/* Pages (cookie) */
router
  .group(() => {
    router.get('/', [controllers.Roll, 'show']).as('roll.show')
    router.post('/roll', [controllers.Roll, 'store']).as('roll.store')
    router.post('/roll/override', [controllers.Roll, 'override']).as('roll.override')
    router.post('/roll/skip', [controllers.Roll, 'skip']).as('roll.skip')
    router.post('/roll/snooze', [controllers.Roll, 'snooze']).as('roll.snooze')
    router
      .delete('/session/snoozes/:thread_id', [controllers.Roll, 'unsnooze'])
      .where('thread_id', /^\d+$/)
      .as('session.snoozes.destroy')
    router.post('/session/die', [controllers.Roll, 'setDie']).as('session.die.store')
    router.delete('/session/die', [controllers.Roll, 'clearDie']).as('session.die.destroy')
    router.get('/roll/filter', [controllers.Roll, 'filter']).as('roll.filter.show')
    router.post('/session/filter', [controllers.Roll, 'setFilter']).as('session.filter.store')
    router.delete('/session/filter', [controllers.Roll, 'clearFilter']).as('session.filter.destroy')
    router.get('/rate', [controllers.Rate, 'show']).as('rate.show')
    router.post('/rate', [controllers.Rate, 'store']).as('rate.store')

    router.get('/queue', [controllers.Queue, 'show']).as('queue.show')
    router.get('/queue/share', [controllers.Shares, 'show']).as('queue.share')
    router.post('/queue/shares', [controllers.Shares, 'store']).as('queue.shares.store')
    router
      .get('/shares/:id/revoke', [controllers.Shares, 'confirmDestroy'])
      .as('shares.confirm_destroy')
    router.delete('/shares/:id', [controllers.Shares, 'destroy']).as('shares.destroy')
    router
      .post('/queue/:id/:to', [controllers.Queue, 'move'])
      .where('to', /^(front|back|position)$/)
      .as('queue.move')
    router.post('/threads', [controllers.Threads, 'store']).as('threads.store')
    router.post('/threads/list', [controllers.Threads, 'storeList']).as('threads.store_list')
    router.get('/threads/:id', [controllers.Threads, 'show']).as('threads.show')
    router.get('/threads/:id/edit', [controllers.Threads, 'edit']).as('threads.edit')
    router.put('/threads/:id', [controllers.Threads, 'update']).as('threads.update')
    router
      .get('/threads/:id/delete', [controllers.Threads, 'confirmDestroy'])
      .as('threads.confirm_destroy')
    router.delete('/threads/:id', [controllers.Threads, 'destroy']).as('threads.destroy')
    router
      .post('/threads/:id/reactivation', [controllers.Threads, 'reactivate'])
      .as('threads.reactivation')
    router.post('/threads/:id/issues', [controllers.Issues, 'store']).as('threads.issues.store')
    router.post('/issues/:id/read', [controllers.Issues, 'read']).as('issues.read')
    router
      .post('/issues/:id/read-through', [controllers.Issues, 'readThrough'])
      .as('issues.read_through')
    router.delete('/issues/:id/read', [controllers.Issues, 'unread']).as('issues.unread')
    router.delete('/issues/:id', [controllers.Issues, 'destroy']).as('issues.destroy')

    router.get('/history', [controllers.History, 'index']).as('history.index')
    router.get('/analytics', [controllers.Analytics, 'show']).as('analytics.show')
    router
      .get('/review/:year', [controllers.Review, 'show'])
      .where('year', /^(19|[2-9]\d)\d\d$/)
      .as('review.show')
    router.put('/analytics/goal', [controllers.ReadingGoal, 'update']).as('analytics.goal.update')
    router
      .delete('/analytics/goal', [controllers.ReadingGoal, 'destroy'])
      .as('analytics.goal.destroy')
    router.put('/account/goal', [controllers.ReadingGoal, 'update']).as('account.goal.update')
    router.delete('/account/goal', [controllers.ReadingGoal, 'destroy']).as('account.goal.destroy')
    router.get('/history/:id', [controllers.History, 'show']).as('history.show')
    router
      .get('/history/:id/restore', [controllers.Undo, 'confirmRestore'])
      .as('history.restore.confirm')
    router.post('/history/:id/restore', [controllers.Undo, 'restore']).as('history.restore')
    router.post('/undo', [controllers.Undo, 'store']).as('undo.store')

    router.get('/orders', [controllers.Orders, 'index']).as('orders.index')
    router.post('/orders', [controllers.Orders, 'store']).as('orders.store')
    router.get('/orders/:id', [controllers.Orders, 'show']).as('orders.show')
    router.patch('/orders/:id', [controllers.Orders, 'update']).as('orders.update')
    router
      .get('/orders/:id/delete', [controllers.Orders, 'confirmDestroy'])
      .as('orders.confirm_destroy')
    router.delete('/orders/:id', [controllers.Orders, 'destroy']).as('orders.destroy')
    router.get('/orders/:id/export.cbl', [controllers.Orders, 'exportCbl']).as('orders.export_cbl')
    router.get('/orders/:id/share', [controllers.Shares, 'show']).as('orders.share')
    router.post('/orders/:id/shares', [controllers.Shares, 'store']).as('orders.shares.store')
    router.post('/orders/:id/issues/:issue_id/read', [controllers.Orders, 'read']).as('orders.read')
    router
      .delete('/orders/:id/issues/:issue_id/read', [controllers.Orders, 'unread'])
      .as('orders.unread')
    router
      .get('/account/export.json', [controllers.api.Data, 'exportJson'])
      .as('account.export.json')
    router.get('/account/export.csv', [controllers.api.Data, 'exportCsv']).as('account.export.csv')
    router
      .get('/account/export.md', [controllers.api.Data, 'exportMarkdown'])
      .as('account.export.md')
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
    router.post('/logout', [controllers.Session, 'destroy']).as('session.destroy')
    router.get('/account', [controllers.Account, 'show']).as('account.show')
    router.put('/account/password', [controllers.Password, 'update']).as('account.password.update')
    router.put('/account/settings', [controllers.Settings, 'update']).as('account.settings.update')
    router.put('/account/email', [controllers.EmailChange, 'store']).as('account.email.update')
    router
      .delete('/account/email/pending', [controllers.EmailChange, 'cancel'])
      .as('account.email.pending.destroy')
    router.get('/account/delete', [controllers.AccountDeletion, 'show']).as('account.delete')
    router.delete('/account', [controllers.AccountDeletion, 'destroy']).as('account.destroy')
    router
      .get('/account/sign-out-everywhere', [controllers.AccountTokens, 'confirmDestroyAll'])
      .as('account.tokens.confirm_destroy_all')
    router
      .delete('/account/tokens', [controllers.AccountTokens, 'destroyAll'])
      .as('account.tokens.destroy_all')
    router
      .delete('/account/tokens/:id', [controllers.AccountTokens, 'destroy'])
      .as('account.tokens.destroy')
  })
  .use([middleware.auth(), middleware.body(), middleware.csrf()])

/* Imports from the account page: the only page route that takes a file */
router
  .post('/account/import/:kind', [controllers.AccountImports, 'import'])
  .where('kind', /^(threads|reviews|json)$/)
  .as('account.import')
  .use([middleware.auth(), middleware.body({ uploads: true }), middleware.csrf()])

/* A reading order's import from the orders page: a CBL file or pasted lines, previewed */
router
  .post('/orders/preview', [controllers.Orders, 'preview'])
  .as('orders.preview')
  .use([middleware.auth(), middleware.body({ uploads: true }), middleware.csrf()])

/* JSON API (Bearer) */
router
  .group(() => {
    router
      .post('/auth/logout', [controllers.api.AccessTokens, 'destroy'])
      .as('access_tokens.destroy')
    router.get('/auth/me', [controllers.api.Me, 'show']).as('me.show')
    router.patch('/auth/me', [controllers.api.AccountRecovery, 'changeEmail']).as('me.update')
    router.delete('/auth/me', [controllers.api.AccountRecovery, 'destroy']).as('me.destroy')
    router
      .delete('/auth/me/pending-email', [controllers.api.AccountRecovery, 'cancelEmailChange'])
      .as('me.pending_email.destroy')

    router.get('/threads/stale', [controllers.api.StaleThreads, 'index']).as('threads.stale')
    router.get('/tags', [controllers.api.Tags, 'index']).as('tags.index')
    router.get('/goals', [controllers.api.Goals, 'show']).as('goals.show')
    router.put('/goals', [controllers.api.Goals, 'update']).as('goals.update')
    router.delete('/goals', [controllers.api.Goals, 'destroy']).as('goals.destroy')
    router.get('/review/:year', [controllers.api.Reviews, 'show']).as('review.show')
    router.get('/threads', [controllers.api.Threads, 'index']).as('threads.index')
    router.post('/threads', [controllers.api.Threads, 'store']).as('threads.store')
    router.get('/threads/:id', [controllers.api.Threads, 'show']).as('threads.show')
    router.patch('/threads/:id', [controllers.api.Threads, 'update']).as('threads.update')
    router.delete('/threads/:id', [controllers.api.Threads, 'destroy']).as('threads.destroy')
    router
      .post('/threads/:id/reactivate', [controllers.api.ThreadReactivations, 'store'])
      .as('threads.reactivate')
    router.get('/threads/:id/issues', [controllers.api.Issues, 'index']).as('threads.issues.index')
    router.post('/threads/:id/issues', [controllers.api.Issues, 'store']).as('threads.issues.store')
    router.post('/issues/:id/read', [controllers.api.Issues, 'read']).as('issues.read')
    router
      .post('/issues/:id/read-through', [controllers.api.Issues, 'readThrough'])
      .as('issues.read_through')
    router.delete('/issues/:id/read', [controllers.api.Issues, 'unread']).as('issues.unread')
    router.delete('/issues/:id', [controllers.api.Issues, 'destroy']).as('issues.destroy')

    router.get('/queue', [controllers.api.Queue, 'index']).as('queue.index')
    router.post('/queue/:id/front', [controllers.api.Queue, 'front']).as('queue.front')
    router.post('/queue/:id/back', [controllers.api.Queue, 'back']).as('queue.back')
    router.post('/queue/:id/position', [controllers.api.Queue, 'position']).as('queue.position')

    router.get('/settings', [controllers.api.Settings, 'show']).as('settings.show')
    router.patch('/settings', [controllers.api.Settings, 'update']).as('settings.update')

    router.get('/session', [controllers.api.ReadingSession, 'show']).as('session.show')
    router.post('/session/die', [controllers.api.ReadingSession, 'setDie']).as('session.die.store')
    router
      .delete('/session/die', [controllers.api.ReadingSession, 'clearDie'])
      .as('session.die.destroy')
    router.post('/session/finish', [controllers.api.ReadingSession, 'finish']).as('session.finish')
    router
      .post('/session/filter', [controllers.api.ReadingSession, 'setFilter'])
      .as('session.filter.store')
    router
      .delete('/session/filter', [controllers.api.ReadingSession, 'clearFilter'])
      .as('session.filter.destroy')
    router
      .delete('/session/snoozes/:thread_id', [controllers.api.ReadingSession, 'unsnooze'])
      .where('thread_id', /^\d+$/)
      .as('session.snoozes.destroy')

    router.post('/roll', [controllers.api.Rolls, 'roll']).as('roll.store')
    router.post('/roll/override', [controllers.api.Rolls, 'override']).as('roll.override')
    router.post('/roll/skip', [controllers.api.Rolls, 'skip']).as('roll.skip')
    router.post('/roll/snooze', [controllers.api.Rolls, 'snooze']).as('roll.snooze')
    router.post('/rate', [controllers.api.Rolls, 'rate']).as('rate.store')

    router.get('/sessions', [controllers.api.Sessions, 'index']).as('sessions.index')
    router.get('/sessions/:id', [controllers.api.Sessions, 'show']).as('sessions.show')
    router
      .post('/sessions/:id/restore-start', [controllers.api.Undo, 'restoreStart'])
      .as('sessions.restore_start')
    router.post('/undo', [controllers.api.Undo, 'store']).as('undo.store')

    router.get('/export.json', [controllers.api.Data, 'exportJson']).as('export.json')
    router.get('/export.csv', [controllers.api.Data, 'exportCsv']).as('export.csv')
    router.get('/export.md', [controllers.api.Data, 'exportMarkdown']).as('export.md')

    router.get('/shares', [controllers.api.Shares, 'index']).as('shares.index')
    router.post('/shares', [controllers.api.Shares, 'store']).as('shares.store')
    router.delete('/shares/:id', [controllers.api.Shares, 'destroy']).as('shares.destroy')

    router.get('/orders', [controllers.api.Orders, 'index']).as('orders.index')
    router.get('/orders/:id', [controllers.api.Orders, 'show']).as('orders.show')
    router.patch('/orders/:id', [controllers.api.Orders, 'update']).as('orders.update')
    router.delete('/orders/:id', [controllers.api.Orders, 'destroy']).as('orders.destroy')
    router
      .get('/orders/:id/export.cbl', [controllers.api.Orders, 'exportCbl'])
      .as('orders.export_cbl')
  })
  .prefix('/api')
  .as('api')
  .use([middleware.auth(), middleware.body()])

/* A reading order's entries, as JSON as large as a file */
router
  .post('/api/orders', [controllers.api.Orders, 'store'])
  .as('api.orders.store')
  .use([middleware.auth(), middleware.body({ documents: true })])

/* Imports through the API: the only API routes that take a file or a raw body */
router
  .group(() => {
    router.post('/import/threads', [controllers.api.Data, 'importThreads']).as('import.threads')
    router.post('/import/reviews', [controllers.api.Data, 'importReviews']).as('import.reviews')
    router.post('/import/json', [controllers.api.Data, 'importJson']).as('import.json')
    router.post('/orders/import', [controllers.api.Orders, 'import']).as('orders.import')
  })
  .prefix('/api')
  .as('api')
  .use([middleware.auth(), middleware.body({ uploads: true })])

/* Internal power tools: not registered at all unless their flags are on; admins only. */
if (env.get('ENABLE_INTERNAL_OPS_ROUTES')) {
  router
    .group(() => {
      router.get('/users', [controllers.api.Admin, 'users']).as('users')
      router.get('/export.json', [controllers.api.Admin, 'export']).as('export')
      router
        .post('/users/:id/revoke-tokens', [controllers.api.Admin, 'revokeTokens'])
        .as('revoke_tokens')
    })
    .prefix('/api/admin')
    .as('api.admin')
    .use([middleware.admin(), middleware.body()])
}
if (env.get('ENABLE_DEBUG_ROUTES')) {
  router
    .group(() => {
      router.get('/errors', [controllers.Debug, 'errors']).as('errors')
      router.post('/trigger-500', [controllers.Debug, 'trigger']).as('trigger_500')
    })
    .prefix('/debug')
    .as('debug')
    .use([middleware.admin(), middleware.body()])
}
