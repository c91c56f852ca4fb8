import type { HttpContext } from '@adonisjs/core/http'
import { THROTTLED_MESSAGE } from '#services/throttles'
import { AppError } from '#exceptions/app_error'

interface FieldMessage {
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
}

/** Why a form was refused: its status, its fields' messages, a message of its own, rows. */
export interface Refusal {
  status: number
  messages: FieldMessage[]
  message: string | null
  rows?: string[]
  retryAfter?: number
}

/**
 * Values typed into a form, to show again: never a password or a token. A field left
 * empty (the body parser reads it as null) shows empty, not the value stored before.
 */
function typedValues(body: Record<string, unknown>): Record<string, unknown> {
  const typed: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(body ?? {})) {
    if (/password|_csrf|token/i.test(key)) continue
    if (value === null) typed[key] = ''
    else if (['string', 'number', 'boolean'].includes(typeof value)) typed[key] = value
  }
  return typed
}

/** An expected refusal's status and messages, or null for an error that is not one. */
function refusalOf(thrown: unknown): Refusal | null {
  const error = AppError.fromRefusal(thrown)
  const err = error as {
    code?: string
    status?: number
    message?: string
    messages?: FieldMessage[]
    retryAfter?: number
    response?: { availableIn?: number }
  }
  if (err?.code === 'E_VALIDATION_ERROR' && Array.isArray(err.messages)) {
    return { status: 422, messages: err.messages, message: null }
  }
  if (err?.code === 'E_TOO_MANY_REQUESTS') {
    return {
      status: 429,
      messages: [],
      message: THROTTLED_MESSAGE,
      retryAfter: err.response?.availableIn,
    }
  }
  const expected =
    err?.code?.startsWith('E_APP_') && err.status && err.status < 500 && err.status !== 404
  if (!expected) return null
  return {
    status: err.status!,
    messages: [],
    message: err.message ?? null,
    retryAfter: err.retryAfter,
  }
}

/**
 * Answers a refused form at once with its `page` rendered again: the refusal's status,
 * every value as typed (never a password) and each message next to its field; the
 * first refused field takes the focus. Nothing is carried in a cookie, so no input is
 * too long to keep.
 */
export function refuseForm(
  ctx: HttpContext,
  name: string,
  page: () => Promise<unknown>,
  refusal: Refusal
) {
  const errors: Record<string, string[]> = {}
  for (const { field, message } of refusal.messages) (errors[field] ??= []).push(message)
  const typed = typedValues(ctx.request.body())
  const form: FormState = {
    name,
    errors,
    message: refusal.message,
    first: refusal.messages[0]?.field ?? null,
    rows: refusal.rows ?? [],
  }
  ctx.view.share({
    form,
    old: (key: string, fallback?: unknown) => (key in typed ? typed[key] : fallback),
  })
  ctx.response.status(refusal.status)
  if (refusal.retryAfter) {
    ctx.response.header('retry-after', String(Math.max(1, Math.ceil(refusal.retryAfter))))
  }
  return page()
}

/**
 * Runs a form's `action`; when it is refused (a validation error, or an expected
 * failure such as a wrong password), answers with `refuseForm`. A form that succeeds
 * answers as `action` does (post, redirect, get).
 */
export async function withForm(
  ctx: HttpContext,
  name: string,
  page: () => Promise<unknown>,
  action: () => Promise<unknown>
) {
  try {
    return await action()
  } catch (error) {
    const refusal = refusalOf(error)
    if (!refusal) throw error
    return refuseForm(ctx, name, page, refusal)
  }
}
