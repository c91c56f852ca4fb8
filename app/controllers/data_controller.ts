import type { HttpContext } from '@adonisjs/core/http'
import { importJson, importReviewsCsv, importThreadsCsv, parseExport } from '#domain/data_transfer'
import { uploadedText } from '#services/upload_text'

/** Imports from the account page: the same domain calls as the API, answered with a flash. */
export default class DataController {
  async import(ctx: HttpContext) {
    const { params, response, session, auth } = ctx
    const user = auth.getUserOrFail()
    const kind = params.kind as 'threads' | 'reviews' | 'json'
    if (kind === 'json') {
      const imported = await importJson(user, parseExport(uploadedText(ctx, ['json'])))
      session.flash(
        'success',
        `Restored ${imported.threads} threads, ${imported.sessions} sessions and ${imported.events} events.`
      )
      return response.redirect().toPath('/account#data')
    }
    const text = uploadedText(ctx, ['csv'])
    const result =
      kind === 'threads' ? await importThreadsCsv(user, text) : await importReviewsCsv(user, text)
    if (result.errors.length) {
      session.flash(
        'importErrors',
        result.errors.slice(0, 50).map((e) => `Row ${e.row}: ${e.message}`)
      )
      session.flash(
        'error',
        `Nothing was imported: ${result.errors.length} ${result.errors.length === 1 ? 'row needs' : 'rows need'} fixing.`
      )
    } else {
      session.flash(
        'success',
        `Imported ${result.imported} ${kind === 'threads' ? 'threads' : 'reviews'}.`
      )
    }
    return response.redirect().toPath('/account#data')
  }
}
