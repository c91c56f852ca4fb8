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

/** The file's threads left out as already in the pile (`on_duplicate=skip`). */
const skippedJson = (result: Extract<ImportResult, { imported: unknown }>) =>
  result.imported.skipped.map((d) => ({ index: d.index, title: d.title, thread_id: d.threadId }))

/** A CSV import's answer: what it imported, or (all rows or none) the rows to fix. */
function csvAnswer(result: ImportResult, what: 'threads' | 'reviews') {
  if ('imported' in result) {
    const imported = { imported: result.imported[what], errors: [] }
    return what === 'threads' ? { ...imported, skipped: skippedJson(result) } : imported
  }
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
    const { request, auth } = ctx
    const options = await request.validateUsing(importModeValidator, { data: request.qs() })
    const text = uploadedText(ctx, ['csv'])
    const result = await importThreadsCsv(auth.getUserOrFail().id, text, options.on_duplicate)
    return csvAnswer(result, 'threads')
  }

  async importReviews(ctx: HttpContext) {
    const text = uploadedText(ctx, ['csv'])
    return csvAnswer(await importReviewsCsv(ctx.auth.getUserOrFail().id, text), 'reviews')
  }

  async importJson(ctx: HttpContext) {
    const { request, auth } = ctx
    const options = await request.validateUsing(importModeValidator, { data: request.qs() })
    const text = uploadedText(ctx, ['json'])
    const result = await importJsonExport(
      auth.getUserOrFail().id,
      text,
      options.mode ?? 'ask',
      options.on_duplicate
    )
    if (!('imported' in result)) throw importError(result)
    const { threads, sessions, events } = result.imported
    return { imported: { threads, sessions, events }, skipped: skippedJson(result) }
  }
}
