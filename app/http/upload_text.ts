import type { HttpContext } from '@adonisjs/core/http'
import { UPLOAD_LIMIT_BYTES } from '#config/bodyparser'
import { AppError } from '#exceptions/app_error'
import { Refusal } from '#domain/refusal'

const LIMIT_TEXT = `${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB`

/**
 * The text of an upload: the multipart `file` (read into memory by the body middleware),
 * or a text/csv (or JSON) request body. Text holding a NUL character is no text file.
 */
export function uploadedText(
  { request }: HttpContext,
  extnames: string[],
  decode: (bytes: Buffer) => string = (bytes) => bytes.toString('utf8')
): string {
  const text = fileText(request, extnames, decode) ?? request.raw()
  if (text === '') throw AppError.invalid('The file is empty.', 'file', 'required')
  if (!text) throw AppError.invalid('Attach a file.', 'file', 'required')
  if (text.includes('\0')) {
    throw AppError.invalid(
      'This is not a text file (it holds NUL characters). Save it as UTF-8 text and try again.',
      'file',
      'text'
    )
  }
  return text
}

/** The name the reader's browser gave the uploaded file (null: no file part). */
export function uploadedName({ request }: HttpContext): string | null {
  return request.file('file')?.clientName ?? null
}

function fileText(
  request: HttpContext['request'],
  extnames: string[],
  decode: (bytes: Buffer) => string
): string | null {
  const file = request.file('file', { size: UPLOAD_LIMIT_BYTES, extnames: [...extnames, 'txt'] })
  if (!file) return null
  if (!file.isValid) {
    const tooLarge = file.errors.some((error) => error.type === 'size')
    throw AppError.invalid(
      tooLarge
        ? `The file is larger than ${LIMIT_TEXT}.`
        : `Choose a ${extnames.join(' or ')} file.`,
      'file',
      tooLarge ? 'size' : 'extname'
    )
  }
  const contents: Buffer | undefined = file.meta?.contents
  if (!contents) return ''
  try {
    return decode(contents)
  } catch (error) {
    if (error instanceof Refusal) throw AppError.invalid(error.message, 'file', 'text')
    throw error
  }
}
