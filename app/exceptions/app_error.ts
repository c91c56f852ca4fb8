import { Exception } from '@adonisjs/core/exceptions'

/**
 * An expected failure of the domain (nothing to rate, nothing to undo, …). Its
 * message is safe to show: the API answers it with its status, pages flash it.
 */
export class AppError extends Exception {
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

  static invalid(message: string, field: string, rule = 'invalid') {
    const error = new AppError(message, { status: 422, code: 'E_VALIDATION_ERROR' })
    return Object.assign(error, { messages: [{ message, field, rule }] })
  }
}
