import app from '@adonisjs/core/services/app'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import { isDatabaseUnavailable } from '#services/database_errors'

interface ApiError {
  message: string
  field?: string
  rule?: string
}

const GENERIC_MESSAGES: Record<number, string> = {
  400: 'The request could not be understood.',
  401: 'Sign in to continue.',
  403: 'You are not allowed to do this.',
  404: 'Not found.',
  405: 'Method not allowed.',
  409: 'This does not fit the current state.',
  413: 'The request body is too large.',
  415: 'Unsupported content type.',
  422: 'The data is not valid.',
  429: 'Too many requests. Try again later.',
  503: 'The service is unavailable. Try again in a moment.',
}

/**
 * One place that turns errors into answers: JSON `{errors:[…]}` for /api (never a
 * stack trace, SQL or secret), status pages for HTML, 503 when PostgreSQL is away.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = app.inDev
  protected renderStatusPages = true

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '400..499': (error, { view, response }) => {
      response.status(error.status)
      return view.render('pages/errors/client_error', {
        status: error.status,
        message: GENERIC_MESSAGES[error.status] ?? 'That did not work.',
      })
    },
    '500..599': (error, { view, response }) => {
      response.status(error.status)
      return view.render('pages/errors/server_error', { status: error.status })
    },
  }

  protected ignoreStatuses = [400, 401, 403, 404, 405, 409, 413, 415, 422, 429]

  private isApi(ctx: HttpContext) {
    return ctx.request.url().startsWith('/api/')
  }

  async handle(error: unknown, ctx: HttpContext) {
    if (isDatabaseUnavailable(error)) {
      const unavailable = Object.assign(new Error(GENERIC_MESSAGES[503]), { status: 503 })
      return this.isApi(ctx) ? this.answerJson(unavailable, ctx) : super.handle(unavailable, ctx)
    }
    if (this.isApi(ctx)) return this.answerJson(error, ctx)
    return super.handle(error, ctx)
  }

  private answerJson(error: unknown, ctx: HttpContext) {
    const err = error as { status?: number; code?: string; message?: string; messages?: unknown }
    const status =
      typeof err.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500
    let errors: ApiError[]
    if (err.code === 'E_VALIDATION_ERROR' && Array.isArray(err.messages)) {
      errors = err.messages.map((m: ApiError) => ({
        message: m.message,
        field: m.field,
        rule: m.rule,
      }))
    } else if (
      status < 500 &&
      (err as { expose?: boolean }).expose !== false &&
      err.code?.startsWith('E_APP_')
    ) {
      errors = [{ message: err.message ?? GENERIC_MESSAGES[status] }]
    } else {
      errors = [{ message: GENERIC_MESSAGES[status] ?? 'Something went wrong on our side.' }]
    }
    ctx.response.header('cache-control', 'no-store')
    return ctx.response.status(status).send({ errors })
  }
}
