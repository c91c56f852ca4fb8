import { readFile } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import { AppError } from '#exceptions/app_error'
import { IMPORT_LIMIT_BYTES } from '#domain/data_transfer'

const LIMIT_TEXT = `${IMPORT_LIMIT_BYTES / 1024 / 1024} MB`

/** The text of an upload: multipart `file`, or a text/csv (or JSON) request body. */
export async function uploadedText({ request }: HttpContext, extnames: string[]): Promise<string> {
  const file = request.file('file', { size: IMPORT_LIMIT_BYTES, extnames: [...extnames, 'txt'] })
  if (file) {
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
    return readFile(file.tmpPath!, 'utf8')
  }
  const raw = request.raw()
  if (raw && raw.length > 0) return raw
  throw AppError.invalid('Attach a file.', 'file', 'required')
}
