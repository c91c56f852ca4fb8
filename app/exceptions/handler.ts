import app from '@adonisjs/core/services/app'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import {
  DATABASE_FAILURE_ANSWERS,
  databaseFailureOf,
  logOnceInAWhile,
} from '#services/database_errors'
import { countServerError } from '#services/error_stats'
import { usesBearer } from '#guards/jwt_guard'
import { clearTokenCookie, readTokenCookie } from '#services/token_cookie'
import { signOutReason } from '#services/access_token_service'
import { THROTTLED_MESSAGE } from '#services/throttles'
import { describeError } from '#services/log_redaction'
import { AppError } from '#exceptions/app_error'
import { answerRefusedForm, retryAfterOf } from '#http/forms'

/** A body nested deeply enough to exhaust the stack while it is read: the client's doing. */
function isTooDeep(error: unknown) {
  return error instanceof RangeError && /call stack/i.test(error.message)
}

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
 * stack trace, SQL or secret), a refused form's page again for page forms, status
 * pages for the rest of HTML, 503 when PostgreSQL is away.
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
  /** A feature the server was set up without (mail) is said, not an error of the server. */
  protected ignoreCodes = ['E_APP_UNAVAILABLE']

  private isApi(ctx: HttpContext) {
    return usesBearer(ctx.request.url())
  }

  /**
   * One line per unexpected error, with only what describeError keeps of it. A failure
   * of the database (down, busy, too slow, a lock held too long) is one line per kind a
   * minute, whatever the number of requests it fails.
   */
  async report(error: unknown, ctx: HttpContext) {
    error = AppError.fromRefusal(error)
    if (isTooDeep(error)) return
    const failure = databaseFailureOf(error)
    if (failure) {
      const due = logOnceInAWhile(`database:${failure}`)
      const { type, code, message } = describeError(error)
      if (due) {
        ctx.logger.warn(
          { err: { type, code, message }, failure, unlogged_since_last: due.unlogged },
          `database ${failure.replace('_', ' ')}`
        )
      }
      return
    }
    const httpError = this.toHttpError(error)
    if (!this.shouldReport(httpError)) return
    if (httpError.status >= 500) countServerError(ctx.route?.pattern ?? 'unmatched')
    const described = describeError(error)
    ctx.logger.log(
      this.getErrorLogLevel(httpError),
      { err: described, ...this.context(ctx) },
      described.message
    )
  }

  async handle(error: unknown, ctx: HttpContext) {
    error = AppError.fromRefusal(error)
    if (isTooDeep(error)) {
      error = Object.assign(new Error('The request body is nested too deeply.'), {
        status: 400,
        code: 'E_APP_TOO_DEEP',
      })
    }
    const failure = databaseFailureOf(error)
    if (failure) {
      const { status, retryAfter, message } = DATABASE_FAILURE_ANSWERS[failure]
      const answer = Object.assign(new Error(message), {
        status,
        retryAfter,
        code: 'E_APP_DATABASE',
      })
      ctx.response.header('retry-after', String(retryAfter))
      return this.isApi(ctx) ? this.answerJson(answer, ctx) : super.handle(answer, ctx)
    }
    if (this.isApi(ctx)) return this.answerJson(error, ctx)
    if (await this.answerPage(error, ctx)) return
    return super.handle(error, ctx)
  }

  /**
   * Page answers that keep the reader in the flow: sign-in for a missing token, and a
   * refused form's page again (app/http/forms.ts).
   */
  private async answerPage(error: unknown, ctx: HttpContext): Promise<boolean> {
    const { request, response, session } = ctx
    if ((error as { code?: string }).code === 'E_UNAUTHORIZED_ACCESS') {
      // A device whose sign-in was ended elsewhere (or expired) is told why on the sign-in page.
      const token = readTokenCookie(request)
      const reason = token ? await signOutReason(token) : null
      if (reason && session) session.flash('signedOut', reason)
      // Only a cookie that was sent is cleared (a request without one ends no sign-in).
      if (token) clearTokenCookie(response)
      const signIn = response.redirect()
      if (request.method() === 'GET') signIn.withQs({ next: request.url(true) })
      signIn.toRoute('session.create')
      return true
    }
    const refused = answerRefusedForm(error, ctx)
    if (!refused) return false
    try {
      response.send(await refused)
    } catch (failure) {
      // The page itself could not be shown (its thread gone meanwhile, the database
      // away): that failure is answered instead, as any other, never by that page again.
      if (failure === error) throw failure
      const answer = AppError.fromRefusal(failure)
      if (databaseFailureOf(answer)) await this.handle(answer, ctx)
      else await super.handle(answer, ctx)
    }
    return true
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
      (status < 500 || err.code === 'E_APP_UNAVAILABLE' || err.code === 'E_APP_DATABASE') &&
      (err as { expose?: boolean }).expose !== false &&
      err.code?.startsWith('E_APP_')
    ) {
      const rule = (err as { rule?: string }).rule
      errors = [{ message: err.message ?? GENERIC_MESSAGES[status], ...(rule ? { rule } : {}) }]
    } else {
      errors = [{ message: GENERIC_MESSAGES[status] ?? 'Something went wrong on our side.' }]
    }
    if (status === 429) ctx.response.header('retry-after', String(retryAfterOf(error)))
    if (err.code === 'E_TOO_MANY_REQUESTS') errors = [{ message: THROTTLED_MESSAGE }]
    ctx.response.header('cache-control', 'no-store')
    // What the client needs to answer it (the duplicates to choose for), beside the errors.
    const answerable = err.code?.startsWith('E_APP_') || err.code === 'E_VALIDATION_ERROR'
    const answer = answerable ? (err as { answer?: object }).answer : undefined
    return ctx.response.status(status).send({ errors, ...answer })
  }
}
