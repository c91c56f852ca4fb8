import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { BodyParserConfig } from '@adonisjs/core/types/bodyparser'
import app from '@adonisjs/core/services/app'
import BodyParserMiddleware from '@adonisjs/core/bodyparser_middleware'
import forms, {
  documents,
  uploads,
  FORM_LIMIT_BYTES,
  MULTIPART_MAX_FIELDS,
  UPLOAD_LIMIT_BYTES,
} from '#config/bodyparser'
import { AppError, BUSY_RETRY_SECONDS } from '#exceptions/app_error'
import { bodyBudget } from '#services/body_budget'
import { findUnstorableField } from '#services/nul_bytes'

interface Profile {
  parser: BodyParserMiddleware
  types: string[]
  limit: number
  describe: string
}

function profileOf(config: BodyParserConfig, limit: number, describe: string): Profile {
  const types = [config.json, config.form, config.raw, config.multipart].flatMap((c) => c.types)
  const parser = new BodyParserMiddleware(config, app.experimentalFlags)
  return { parser, types, limit, describe }
}

const PROFILES = {
  forms: profileOf(forms, FORM_LIMIT_BYTES, 'JSON (application/json) or a form'),
  uploads: profileOf(uploads, UPLOAD_LIMIT_BYTES, 'a multipart form with a file, or text/csv'),
  documents: profileOf(documents, UPLOAD_LIMIT_BYTES, 'JSON (application/json)'),
}
/** How long a large body (a file, a large list) may take to arrive. */
const BODY_DEADLINE_MS = 120_000
/** What a multipart form may carry besides its file (the CSRF token, a choice or two). */
const MULTIPART_OVERHEAD_BYTES = 128 * 1024

const megabytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`

function tooLarge(limit: number) {
  const what = limit === UPLOAD_LIMIT_BYTES ? 'The file' : 'The request body'
  return new AppError(`${what} is larger than ${megabytes(limit)}.`, {
    status: 413,
    code: 'E_APP_TOO_LARGE',
  })
}

/**
 * A body that could not be read, in words: the parser's 413s say which limit, and a body
 * it failed on without a status of its own (a broken gzip or Brotli stream) is the
 * client's doing, a 400.
 */
function unreadable(error: unknown, limit: number) {
  const { status, code, message } = error as { status?: number; code?: string; message?: string }
  if (status === 413 && code !== 'E_APP_TOO_LARGE') {
    if (!/fields length/i.test(message ?? '')) return tooLarge(limit)
    return new AppError(`A form may carry at most ${MULTIPART_MAX_FIELDS} parts.`, {
      status: 413,
      code: 'E_APP_TOO_LARGE',
    })
  }
  if (typeof status === 'number' && status >= 400 && status < 500) return error
  return new AppError('The request body could not be read as its type and encoding say.', {
    status: 400,
    code: 'E_APP_UNREADABLE_BODY',
  })
}

/** The body's size as declared, when it is sent as is (a compressed body's size is known only once read). */
function declaredLength(request: HttpContext['request']): number | null {
  const encoding = (request.header('content-encoding') ?? 'identity').toLowerCase()
  const length = Number(request.header('content-length'))
  return encoding === 'identity' && Number.isSafeInteger(length) && length >= 0 ? length : null
}

/**
 * Reads the body of a route that takes one, after sign-in is checked (it runs after `auth`
 * on signed-in routes and before `csrf`). Every route takes JSON and forms of 256 KB; the
 * import routes (`middleware.body({ uploads: true })`) take instead a multipart `file` or a
 * raw body of 5 MB. A body of any other type is a 415 (one without a type is not read),
 * a larger body a 413, and a body the process has no room for (see BodyBudget) a 429,
 * before a byte of it is read (Node reads what the client still sends and drops it, so a
 * browser that is uploading sees the answer rather than a reset connection). No text anywhere in the input may hold a NUL character
 * (PostgreSQL cannot store one): that is a 422 on the field.
 */
export default class BodyMiddleware {
  async handle(
    ctx: HttpContext,
    next: NextFn,
    options: { uploads?: boolean; documents?: boolean } = {}
  ) {
    const { request, response } = ctx
    const large = options.uploads || options.documents
    const profile = options.uploads
      ? PROFILES.uploads
      : options.documents
        ? PROFILES.documents
        : PROFILES.forms
    const hasBody =
      ['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method()) &&
      request.hasBody() &&
      Boolean(request.header('content-type'))
    if (!hasBody) {
      refuseNul(request.qs(), 'query')
      return next()
    }
    if (!request.is(profile.types)) {
      throw new AppError(`Send ${profile.describe}.`, {
        status: 415,
        code: 'E_APP_UNSUPPORTED_TYPE',
      })
    }
    const declared = declaredLength(request)
    const allowed = profile.limit + (options.uploads ? MULTIPART_OVERHEAD_BYTES : 0)
    if (declared !== null && declared > allowed) throw tooLarge(profile.limit)
    // A file's upload takes a slot (one a reader); a large JSON list, its bytes of the forms' budget.
    const release = options.uploads
      ? bodyBudget.holdUpload(ctx.auth?.user?.id)
      : bodyBudget.holdForm(declared ?? profile.limit)
    if (!release) {
      throw AppError.busy(
        'The server is busy with other uploads. Try again in a few seconds.',
        BUSY_RETRY_SECONDS
      )
    }
    response.response.once('close', release)
    // A body sent slowly holds its share for a while, not for good: past the deadline the
    // connection is closed.
    const deadline = large
      ? setTimeout(() => request.request.destroy(), BODY_DEADLINE_MS).unref()
      : undefined
    try {
      await profile.parser.handle(ctx, async () => {})
      if (request.bodyType === 'multipart') await readFiles(ctx, allowed)
    } catch (error) {
      throw unreadable(error, profile.limit)
    } finally {
      clearTimeout(deadline)
    }
    refuseNul(request.body(), 'body')
    refuseNul(request.qs(), 'query')
    dropBodyMethod(request)
    return next()
  }
}

/**
 * A form's method is overridden by its query string only (`?_method=DELETE`, as the
 * router matched it): a `_method` in the body would make the request another method to
 * what reads it afterwards (the CSRF guard checks POST, PUT, PATCH and DELETE).
 */
function dropBodyMethod(request: HttpContext['request']) {
  const body = request.body()
  if (body && typeof body === 'object' && Object.hasOwn(body, '_method')) {
    const rest = { ...body }
    delete rest._method
    request.updateBody(rest)
  }
}

/**
 * Reads the multipart form's `file` parts into memory (never a temporary file; other
 * parts are discarded), at most `limit` bytes of the whole body.
 */
async function readFiles({ request }: HttpContext, limit: number) {
  const multipart = request.multipart
  multipart.onFile('file', {}, async (part, report) => {
    const chunks: Buffer[] = []
    for await (const chunk of part) {
      await report(chunk)
      chunks.push(chunk)
    }
    return { contents: Buffer.concat(chunks) }
  })
  const processing = multipart.process()
  let received = 0
  request.request.on('data', (chunk: Buffer) => {
    received += chunk.length
    if (received > limit) multipart.abort(tooLarge(UPLOAD_LIMIT_BYTES))
  })
  await processing
}

function refuseNul(input: unknown, where: 'body' | 'query') {
  const found = findUnstorableField(input)
  if (found === null) return
  throw AppError.invalid(
    found.problem === 'nul'
      ? 'This field contains a NUL character, which cannot be stored.'
      : 'This field contains half of a character (a lone surrogate): it is not text.',
    found.path || where,
    found.problem === 'nul' ? 'nul' : 'text'
  )
}
