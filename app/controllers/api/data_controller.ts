import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import {
  exportJson,
  exportMarkdown,
  exportThreadsCsv,
  importJson,
  importReviewsCsv,
  importThreadsCsv,
  parseExport,
} from '#domain/data_transfer'
import { uploadedText } from '#services/upload_text'

/** Marks the answer as a download named `comic-pile-<what>-<date>.<ext>`. */
function attachment(response: HttpContext['response'], what: string, ext: string, type?: string) {
  if (type) response.header('content-type', `${type}; charset=utf-8`)
  const date = new Date().toISOString().slice(0, 10)
  response.header('content-disposition', `attachment; filename="comic-pile-${what}${date}.${ext}"`)
}

/** Export (JSON, CSV, Markdown) and import (threads CSV, reviews CSV, own JSON export). */
export default class DataController {
  async exportJson({ auth, response }: HttpContext) {
    attachment(response, '', 'json')
    return exportJson(db.connection(), auth.getUserOrFail())
  }

  async exportCsv({ auth, response }: HttpContext) {
    attachment(response, 'threads-', 'csv', 'text/csv')
    return exportThreadsCsv(db.connection(), auth.getUserOrFail())
  }

  async exportMarkdown({ auth, response }: HttpContext) {
    attachment(response, 'sessions-', 'md', 'text/markdown')
    return exportMarkdown(db.connection(), auth.getUserOrFail())
  }

  async importThreads(ctx: HttpContext) {
    return importThreadsCsv(ctx.auth.getUserOrFail(), uploadedText(ctx, ['csv']))
  }

  async importReviews(ctx: HttpContext) {
    return importReviewsCsv(ctx.auth.getUserOrFail(), uploadedText(ctx, ['csv']))
  }

  async importJson(ctx: HttpContext) {
    const data = parseExport(uploadedText(ctx, ['json']))
    return { imported: await importJson(ctx.auth.getUserOrFail(), data) }
  }
}
