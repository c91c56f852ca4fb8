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

const stamp = () => new Date().toISOString().slice(0, 10)

/** Export (JSON, CSV, Markdown) and import (threads CSV, reviews CSV, own JSON export). */
export default class DataController {
  async exportJson({ auth, response }: HttpContext) {
    response.header('content-disposition', `attachment; filename="comic-pile-${stamp()}.json"`)
    return exportJson(db.connection(), auth.getUserOrFail())
  }

  async exportCsv({ auth, response }: HttpContext) {
    response.header('content-type', 'text/csv; charset=utf-8')
    response.header(
      'content-disposition',
      `attachment; filename="comic-pile-threads-${stamp()}.csv"`
    )
    return exportThreadsCsv(db.connection(), auth.getUserOrFail())
  }

  async exportMarkdown({ auth, response }: HttpContext) {
    response.header('content-type', 'text/markdown; charset=utf-8')
    response.header(
      'content-disposition',
      `attachment; filename="comic-pile-sessions-${stamp()}.md"`
    )
    return exportMarkdown(db.connection(), auth.getUserOrFail())
  }

  async importThreads(ctx: HttpContext) {
    return importThreadsCsv(ctx.auth.getUserOrFail(), await uploadedText(ctx, ['csv']))
  }

  async importReviews(ctx: HttpContext) {
    return importReviewsCsv(ctx.auth.getUserOrFail(), await uploadedText(ctx, ['csv']))
  }

  async importJson(ctx: HttpContext) {
    const data = parseExport(await uploadedText(ctx, ['json']))
    return { imported: await importJson(ctx.auth.getUserOrFail(), data) }
  }
}
