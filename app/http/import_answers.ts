import { AppError, BUSY_RETRY_SECONDS } from '#exceptions/app_error'
import type { ImportRefusal } from '#domain/imports/plan'
import type { FormRefusal } from '#http/forms'

/** Row errors listed next to the import form; the API lists them all. */
const ROWS_SHOWN = 50

/** An import's refusal as the API answers it (row errors of a CSV are answered as data instead). */
export function importError(refusal: ImportRefusal): AppError {
  switch (refusal.kind) {
    case 'mode':
      return AppError.conflict(refusal.message)
    case 'busy':
      return AppError.busy(refusal.message, BUSY_RETRY_SECONDS)
    case 'file':
      return AppError.invalid(refusal.message, 'file', 'file')
    case 'rows':
      return AppError.invalid(
        refusal.errors.map((e) => `Row ${e.row}: ${e.message}`).join(' '),
        'file',
        'rows'
      )
  }
}

/** An import's refusal as the account page shows it, next to the form that sent the file. */
export function importRefusal(refusal: ImportRefusal): FormRefusal {
  switch (refusal.kind) {
    case 'rows': {
      const count = refusal.errors.length
      return {
        status: 422,
        messages: [
          {
            field: 'file',
            message: `Nothing was imported: ${count === 1 ? 'one row needs' : `${count} rows need`} fixing.`,
          },
        ],
        message: null,
        rows: refusal.errors.slice(0, ROWS_SHOWN).map((e) => `Row ${e.row}: ${e.message}`),
      }
    }
    case 'file':
      return { status: 422, messages: [{ field: 'file', message: refusal.message }], message: null }
    case 'mode':
      return {
        status: 409,
        messages: [
          {
            field: 'mode',
            message:
              'Choose whether the file’s threads, sessions and events go alongside yours or replace them.',
          },
        ],
        message: null,
      }
    case 'busy':
      return {
        status: 429,
        messages: [],
        message: refusal.message,
        retryAfter: BUSY_RETRY_SECONDS,
      }
  }
}
