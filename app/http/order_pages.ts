/**
 * The reading orders' pages: the list with its import form, an order with its entries,
 * and the preview of an import (what it would do, to confirm). Rendered by their routes
 * and again for their refused forms (app/http/form_pages.ts).
 */
import type { HttpContext } from '@adonisjs/core/http'
import { type OrderPlan, planFingerprint } from '#domain/orders/orders'
import { entriesOf, findOrder, listOrders } from '#domain/orders/reading'
import { ENTRIES_PER_ORDER, ORDERS_PER_READER } from '#domain/orders/entries'
import { issueLabel } from '#domain/issue_numbers'
import { orderPageValidator } from '#validators/orders'
import { count } from '#services/words'

/** Entries an order's page lists at a time. */
export const ORDER_PAGE_SIZE = 100
/** Rows of a preview's lists shown (the rest are counted). */
const PREVIEW_ROWS = 200

/** "12 of 40 read", "Done: all 40 read". */
export function progressText(order: { entriesRead: number; entriesTotal: number; done: boolean }) {
  return order.done
    ? `Done: all ${order.entriesTotal.toLocaleString('en')} read`
    : `${order.entriesRead.toLocaleString('en')} of ${order.entriesTotal.toLocaleString('en')} read`
}

/** "Amazing Spider-Man #532". */
export const entryText = (entry: { threadTitle: string; number: string }) =>
  `${entry.threadTitle} ${issueLabel(entry.number)}`

export async function renderOrdersPage({ auth, view }: HttpContext) {
  const orders = await listOrders(auth.getUserOrFail())
  return view.render('pages/orders/index', {
    orders,
    progressText,
    entryText,
    full: orders.length >= ORDERS_PER_READER,
    limits: { entries: ENTRIES_PER_ORDER.toLocaleString('en'), orders: ORDERS_PER_READER },
  })
}

export async function renderOrderPage(ctx: HttpContext, id = Number(ctx.params.id)) {
  const { auth, request, view } = ctx
  const user = auth.getUserOrFail()
  const order = await findOrder(user, id)
  const entries = await entriesOf(user, order.id)
  const [, query] = await orderPageValidator.tryValidate(request.qs())
  const pages = Math.max(1, Math.ceil(entries.length / ORDER_PAGE_SIZE))
  const nextAt = order.nextEntry ? order.nextEntry.position : 1
  const page = Math.min(query?.page ?? Math.ceil(nextAt / ORDER_PAGE_SIZE), pages)
  return view.render('pages/orders/show', {
    order,
    entries: entries.slice((page - 1) * ORDER_PAGE_SIZE, page * ORDER_PAGE_SIZE),
    page,
    pages,
    progressText,
    entryText,
    issueLabel,
    feedback: ctx.session.flashMessages.get('orderFeedback') ?? null,
  })
}

/** The preview of an import: what making the order would do, and the form that makes it. */
export function renderOrderPreview(
  { view, response }: HttpContext,
  preview: {
    plan: OrderPlan
    name: string
    mode: string
    held: string
    changed?: string
  }
) {
  const { plan } = preview
  if (preview.changed) response.status(409)
  return view.render('pages/orders/preview', {
    ...preview,
    fingerprint: planFingerprint(plan),
    matched: plan.threadsMatched.slice(0, PREVIEW_ROWS),
    moreMatched: Math.max(0, plan.threadsMatched.length - PREVIEW_ROWS),
    created: plan.threadsCreated.slice(0, PREVIEW_ROWS),
    moreCreated: Math.max(0, plan.threadsCreated.length - PREVIEW_ROWS),
    unreadable: plan.unreadable.slice(0, PREVIEW_ROWS),
    moreUnreadable: Math.max(0, plan.unreadable.length - PREVIEW_ROWS),
    summary: [
      count(plan.entries.length, 'entry', 'entries'),
      `${count(plan.threadsMatched.length, 'thread')} matched`,
      `${count(plan.threadsCreated.length, 'new thread')}`,
      `${count(plan.issuesAdded, 'issue')} added to lists`,
    ].join(' · '),
  })
}

/** A CBL file as a download. */
export function cblDownload(
  response: HttpContext['response'],
  file: { text: string; fileName: string }
) {
  response.header('content-type', 'application/xml; charset=utf-8')
  response.header('content-disposition', `attachment; filename="${file.fileName}"`)
  return file.text
}
