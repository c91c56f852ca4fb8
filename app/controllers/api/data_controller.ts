import type { HttpContext } from '@adonisjs/core/http'
import { exportJson, exportMarkdown, exportThreadsCsv } from '#domain/exports'
import {
  importJsonExport,
  importReviewsCsv,
  importThreadsCsv,
  type ImportResult,
} from '#domain/imports/importer'
import { uploadedText } from '#http/upload_text'
import { importError } from '#http/import_answers'
import { importModeValidator } from '#validators/imports'

/** Marks the answer as a download named `comic-pile-<what><date>.<ext>`. */
function attachment(response: HttpContext['response'], what: string, ext: string, type: string) {
  response.header('content-type', `${type}; charset=utf-8`)
  const date = new Date().toISOString().slice(0, 10)
  response.header('content-disposition', `attachment; filename="comic-pile-${what}${date}.${ext}"`)
}

/** A CSV import's answer: what it imported, or (all rows or none) the rows to fix. */
function csvAnswer(result: ImportResult, what: 'threads' | 'reviews') {
  if ('imported' in result) return { imported: result.imported[what], errors: [] }
  if (result.kind === 'rows') return { imported: 0, errors: result.errors }
  throw importError(result)
}

/** Exports (JSON, CSV, Markdown, written as they are read) and imports. */
export default class DataController {
  async exportJson({ auth, response }: HttpContext) {
    attachment(response, '', 'json', 'application/json')
    response.stream(exportJson(auth.getUserOrFail()))
  }

  async exportCsv({ auth, response }: HttpContext) {
    attachment(response, 'threads-', 'csv', 'text/csv')
    response.stream(exportThreadsCsv(auth.getUserOrFail()))
  }

  async exportMarkdown({ auth, response }: HttpContext) {
    attachment(response, 'sessions-', 'md', 'text/markdown')
    response.stream(exportMarkdown(auth.getUserOrFail()))
  }

  async importThreads(ctx: HttpContext) {
    const text = uploadedText(ctx, ['csv'])
    return csvAnswer(await importThreadsCsv(ctx.auth.getUserOrFail().id, text), 'threads')
  }

  async importReviews(ctx: HttpContext) {
    const text = uploadedText(ctx, ['csv'])
    return csvAnswer(await importReviewsCsv(ctx.auth.getUserOrFail().id, text), 'reviews')
  }

  async importJson(ctx: HttpContext) {
    const { request, auth } = ctx
    const { mode } = await request.validateUsing(importModeValidator, { data: request.qs() })
    const text = uploadedText(ctx, ['json'])
    const result = await importJsonExport(auth.getUserOrFail().id, text, mode ?? 'ask')
    if (!('imported' in result)) throw importError(result)
    const { threads, sessions, events } = result.imported
    return { imported: { threads, sessions, events } }
  }
}
