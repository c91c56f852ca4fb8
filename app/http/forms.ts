/**
 * The one answer to a refused page form: its page rendered again at once, with the
 * refusal's status, every value as typed (never a password) and each message next to
 * its field. The exception handler calls `answerRefusedForm` for every error of a page
 * form route, whatever refused it (a validator, the domain, a throttle, an expired CSRF
 * token); controllers only validate, call the domain and redirect.
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import { THROTTLED_MESSAGE } from '#services/throttles'
import { AppError } from '#exceptions/app_error'
import { FORM_PAGES, type FormPage } from '#http/form_pages'
import { shareCsrfToken } from '#middleware/csrf_middleware'
import type { Duplicate } from '#domain/duplicates'

/** A message about one field, as validators and `AppError.invalid` give them. */
export interface FieldMessage {
  field: string
  message: string
}

/** What a page shows of a refused form: which form, its messages, and the values typed. */
export interface FormState {
  name: string
  /** Messages by field. */
  errors: Record<string, string[]>
  /** A message about the form as a whole (a wrong password, too many attempts…). */
  message: string | null
  /** The first field refused (it takes the focus, so the page opens on it). */
  first: string | null
  /** Rows of an uploaded file that need fixing, as lines to list. */
  rows: string[]
  /** Titles of the batch the pile already holds: the page asks, title by title. */
  duplicates: Duplicate[]
  /** The file the reader chose, kept while the page asks about it (app/http/held_files.ts). */
  held: { id: string; name: string } | null
}

/** Why a form was refused: its status, its fields' messages, a message of its own, rows. */
export interface FormRefusal {
  status: number
  messages: FieldMessage[]
  message: string | null
  rows?: string[]
  retryAfter?: number
  duplicates?: Duplicate[]
  held?: { id: string; name: string }
}

/** A refusal worked out by the controller itself (an import's rows), thrown as it is. */
export class RefusedForm extends Error {
  constructor(readonly refusal: FormRefusal) {
    super(refusal.message ?? 'The form was refused.')
  }
}

const EXPIRED_FORM_MESSAGE = 'This form had expired. Please try again.'

/**
 * Seconds to ask a refused client to wait: a throttle's own figure, a busy refusal's,
 * else a minute. One place for the pages and the API.
 */
export function retryAfterOf(error: unknown): number {
  const { response, retryAfter } = (error ?? {}) as {
    response?: { availableIn?: number }
    retryAfter?: number
  }
  const seconds = response?.availableIn ?? retryAfter ?? 60
  return Math.max(1, Math.ceil(seconds))
}

/**
 * Values typed into a form, to show again: never a password or a token. A field left
 * empty (the body parser reads it as null) shows empty, not the value stored before.
 */
function typedValues(body: Record<string, unknown>): Record<string, unknown> {
  const typed: Record<string, unknown> = Object.create(null)
  for (const [key, value] of Object.entries(body ?? {})) {
    if (/password|_csrf|token/i.test(key)) continue
    if (value === null) typed[key] = ''
    else if (['string', 'number', 'boolean'].includes(typeof value)) typed[key] = value
  }
  return typed
}

/**
 * Whether the post came from one of our own pages: a form posted from another site is
 * shown again without its values, so no other site can fill in one of our forms for a
 * reader to send.
 */
function fromOurPages({ request }: HttpContext) {
  const site = request.header('sec-fetch-site')
  if (site) return site === 'same-origin'
  const origin = request.header('origin')
  if (!origin) return true
  try {
    return new URL(origin).host === request.host()
  } catch {
    return false
  }
}

/** An expected refusal's status and messages, or null for an error that is not one. */
function refusalOf(thrown: unknown): FormRefusal | null {
  if (thrown instanceof RefusedForm) return thrown.refusal
  const error = AppError.fromRefusal(thrown)
  const err = error as { code?: string; status?: number; message?: string; messages?: unknown }
  if (err?.code === 'E_VALIDATION_ERROR' && Array.isArray(err.messages)) {
    return { status: 422, messages: err.messages as FieldMessage[], message: null }
  }
  if (err?.code === 'E_TOO_MANY_REQUESTS') {
    return { status: 429, messages: [], message: THROTTLED_MESSAGE, retryAfter: retryAfterOf(err) }
  }
  if (err?.code === 'E_BAD_CSRF_TOKEN') {
    return { status: 403, messages: [], message: EXPIRED_FORM_MESSAGE }
  }
  const expected =
    err?.code?.startsWith('E_APP_') && err.status && err.status < 500 && err.status !== 404
  if (!expected) return null
  return {
    status: err.status!,
    messages: [],
    message: err.message ?? null,
    retryAfter: err.status === 429 ? retryAfterOf(err) : undefined,
    duplicates: (err as { duplicates?: Duplicate[] }).duplicates,
  }
}

/** Renders a form's page: the GET route named, or the page's own function. */
async function renderPage(ctx: HttpContext, page: FormPage['page']) {
  await shareCsrfToken(ctx)
  if (typeof page === 'function') return page(ctx)
  const { handler } = router.findOrFail(page)
  return typeof handler === 'function' ? handler(ctx) : handler.handle(ctx.containerResolver, ctx)
}

/**
 * Answers a refused form with its page rendered again: the refusal's status, every
 * value as typed (never a password) and each message next to its field; the first
 * refused field takes the focus. Nothing is carried in a cookie, so no input is too
 * long to keep. Null when `error` is no refusal or the route is no page form.
 */
export function answerRefusedForm(error: unknown, ctx: HttpContext): Promise<unknown> | null {
  const entry = ctx.route?.name ? FORM_PAGES[ctx.route.name] : undefined
  const refusal = entry && refusalOf(error)
  if (!entry || !refusal) return null
  // Keyed by field names a client chose: no key may reach Object.prototype's.
  const errors: Record<string, string[]> = Object.create(null)
  for (const { field, message } of refusal.messages) (errors[field] ??= []).push(message)
  const typed = fromOurPages(ctx) ? typedValues(ctx.request.body()) : {}
  const form: FormState = {
    name: typeof entry.form === 'function' ? entry.form(ctx) : entry.form,
    errors,
    message: refusal.message,
    first: refusal.messages[0]?.field ?? null,
    rows: refusal.rows ?? [],
    duplicates: refusal.duplicates ?? [],
    held: refusal.held ?? null,
  }
  ctx.view.share({
    form,
    old: (key: string, fallback?: unknown) => (Object.hasOwn(typed, key) ? typed[key] : fallback),
  })
  ctx.response.status(refusal.status)
  if (refusal.retryAfter) ctx.response.header('retry-after', String(refusal.retryAfter))
  return renderPage(ctx, entry.page).then((page) => {
    // A page that answers with a redirect of its own (nothing left to rate, a page past
    // the last) keeps it: the refusal's status was set first, the redirect's status is not.
    if (ctx.response.getHeader('location')) ctx.response.status(302)
    return page
  })
}
