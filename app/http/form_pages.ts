/**
 * Every form of the pages, by the name of the route it posts to: the form's name (its
 * fields' messages are shown by that form only) and the page that shows it again when
 * it is refused — a GET route's name, rendered with the same request, or a function.
 * A page route that changes anything is listed here (tests/unit/house_rules.spec.ts).
 */
import { renderAnalyticsPage } from '#http/analytics_page'
import type { HttpContext } from '@adonisjs/core/http'
import {
  renderFilterPage,
  renderRatePage,
  renderRollPage,
  renderThreadPage,
} from '#http/page_views'
import { renderOrderPage, renderOrdersPage } from '#http/order_pages'
import { threadIdOfIssue } from '#domain/issues'
import { renderShareOfLink, renderSharePage } from '#http/share_pages'

export interface FormPage {
  form: string | ((ctx: HttpContext) => string)
  page: string | ((ctx: HttpContext) => Promise<unknown>)
}

/** An issue's row posts to the issue: its thread's page shows it again. */
async function issueThreadPage(ctx: HttpContext) {
  const threadId = await threadIdOfIssue(ctx.auth.getUserOrFail(), Number(ctx.params.id))
  return renderThreadPage(ctx, threadId)
}

const rollPage = (form: string): FormPage => ({ form, page: renderRollPage })
const accountPage = (form: string): FormPage => ({ form, page: 'account.show' })
const issueRow: FormPage = { form: 'issue', page: issueThreadPage }

export const FORM_PAGES: Record<string, FormPage> = {
  'session.store': { form: 'sign-in', page: 'session.create' },
  'registration.store': { form: 'register', page: 'registration.create' },
  'password_reset.store': { form: 'forgot', page: 'password_reset.create' },
  'password_reset.update': { form: 'reset', page: 'password_reset.edit' },
  'email_change.confirm': { form: 'email-confirm', page: 'email_change.show' },
  'email_revert.store': { form: 'email-revert', page: 'email_revert.show' },

  'roll.store': rollPage('roll'),
  'roll.override': rollPage('override'),
  'roll.skip': rollPage('skip'),
  'roll.snooze': rollPage('snooze'),
  'session.snoozes.destroy': rollPage('unsnooze'),
  'session.die.store': rollPage('die'),
  'session.die.destroy': rollPage('die'),
  'session.filter.store': { form: 'filter', page: renderFilterPage },
  'session.filter.destroy': rollPage('filter-clear'),
  'rate.store': { form: 'rate', page: (ctx) => renderRatePage(ctx) },
  'undo.store': rollPage('undo'),
  'session.destroy': rollPage('sign-out'),

  'queue.move': { form: 'move', page: 'threads.show' },
  'threads.store': { form: 'add-thread', page: 'queue.show' },
  'threads.store_list': { form: 'add-list', page: 'queue.show' },
  'threads.update': { form: 'thread', page: 'threads.edit' },
  'threads.destroy': { form: 'delete-thread', page: 'threads.confirm_destroy' },
  'threads.reactivation': { form: 'reactivate', page: 'threads.show' },
  'threads.issues.store': { form: 'add-issues', page: 'threads.show' },
  'issues.read': issueRow,
  'issues.read_through': issueRow,
  'issues.unread': issueRow,
  'issues.destroy': issueRow,

  'history.restore': { form: 'restore', page: 'history.restore.confirm' },
  'analytics.goal.update': { form: 'goal', page: renderAnalyticsPage },
  'analytics.goal.destroy': { form: 'goal-off', page: renderAnalyticsPage },

  'orders.preview': { form: 'import-order', page: renderOrdersPage },
  'orders.store': { form: 'import-order', page: renderOrdersPage },
  'orders.update': { form: 'order-settings', page: (ctx) => renderOrderPage(ctx) },
  'orders.destroy': { form: 'delete-order', page: 'orders.confirm_destroy' },
  'orders.read': { form: 'entry', page: (ctx) => renderOrderPage(ctx) },
  'orders.unread': { form: 'entry', page: (ctx) => renderOrderPage(ctx) },

  'queue.shares.store': { form: 'share', page: (ctx) => renderSharePage(ctx) },
  'orders.shares.store': { form: 'share', page: (ctx) => renderSharePage(ctx) },
  'shares.destroy': { form: 'share', page: renderShareOfLink },

  'account.password.update': accountPage('password'),
  'account.settings.update': accountPage('settings'),
  'account.goal.update': accountPage('goal'),
  'account.goal.destroy': accountPage('goal-off'),
  'account.email.update': accountPage('email'),
  'account.email.pending.destroy': accountPage('email-pending'),
  'account.tokens.destroy': accountPage('devices'),
  'account.import': { form: ({ params }) => `import-${params.kind}`, page: 'account.show' },
  'account.tokens.destroy_all': {
    form: 'sign-out-everywhere',
    page: 'account.tokens.confirm_destroy_all',
  },
  'account.destroy': { form: 'delete-account', page: 'account.delete' },
}
