import { Exception } from '@adonisjs/core/exceptions'
import { Refusal, type RefusalReason } from '#domain/refusal'
import { type Duplicate, DuplicatesRefusal } from '#domain/duplicates'

/** The answer to each reason the domain refuses for. */
const REFUSAL_STATUS: Record<RefusalReason, number> = {
  not_found: 404,
  conflict: 409,
  busy: 429,
  invalid: 422,
  duplicate: 409,
}

/** Seconds a client refused as busy (no room, another change running) is asked to wait. */
export const BUSY_RETRY_SECONDS = 5

/**
 * An expected failure, as the edge answers it (nothing to rate, a file too large, a
 * field to fix…). Its message is safe to show: the API answers it with its status,
 * pages show it by the form or as a message.
 */
export class AppError extends Exception {
  /** The domain's refusal as an answer (see REFUSAL_STATUS); any other error as it is. */
  static fromRefusal(error: unknown): unknown {
    if (!(error instanceof Refusal)) return error
    if (error.reason === 'busy') return AppError.busy(error.message, BUSY_RETRY_SECONDS)
    if (error.reason === 'invalid') return AppError.invalid(error.message, 'value')
    if (error instanceof DuplicatesRefusal) {
      return AppError.duplicates(error.message, error.duplicates)
    }
    const code = error.reason === 'not_found' ? 'E_APP_NOT_FOUND' : 'E_APP_CONFLICT'
    return new AppError(error.message, { status: REFUSAL_STATUS[error.reason], code })
  }

  /**
   * Titles the pile already holds: 409 with the rule `duplicate` and the duplicates
   * listed (`{index, title, thread_id}`), for the client to answer with `on_duplicate`.
   */
  static duplicates(message: string, duplicates: Duplicate[]) {
    const error = new AppError(message, { status: 409, code: 'E_APP_DUPLICATE' })
    const listed = duplicates.map((d) => ({
      index: d.index,
      title: d.title,
      thread_id: d.threadId,
    }))
    return Object.assign(error, { rule: 'duplicate', answer: { duplicates: listed }, duplicates })
  }

  static conflict(message: string) {
    return new AppError(message, { status: 409, code: 'E_APP_CONFLICT' })
  }

  static notFound(message = 'Not found.') {
    return new AppError(message, { status: 404, code: 'E_APP_NOT_FOUND' })
  }

  /** Refused for lack of room (a 429 with `Retry-After`), not for anything the client did. */
  static busy(message: string, retryAfterSeconds: number) {
    const error = new AppError(message, { status: 429, code: 'E_APP_BUSY' })
    return Object.assign(error, { retryAfter: retryAfterSeconds })
  }

  /**
   * Runs a domain call whose `invalid` refusals are about one value the client sent:
   * they answer as a 422 on `field`, next to it on a page.
   */
  static async onField<T>(field: string, work: Promise<T>): Promise<T> {
    try {
      return await work
    } catch (error) {
      if (error instanceof Refusal && error.reason === 'invalid') {
        throw AppError.invalid(error.message, field)
      }
      throw error
    }
  }

  /** A feature this server does not offer (mail, when none is set up): 503 with the reason. */
  static unavailable(message: string) {
    return new AppError(message, { status: 503, code: 'E_APP_UNAVAILABLE' })
  }

  static invalid(message: string, field: string, rule = 'invalid') {
    const error = new AppError(message, { status: 422, code: 'E_VALIDATION_ERROR' })
    return Object.assign(error, { messages: [{ message, field, rule }] })
  }
}
