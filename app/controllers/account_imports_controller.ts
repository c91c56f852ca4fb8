import type { HttpContext } from '@adonisjs/core/http'
import { urlFor } from '@adonisjs/core/services/url_builder'
import {
  importJsonExport,
  importReviewsCsv,
  importThreadsCsv,
  type ImportResult,
} from '#domain/imports/importer'
import { uploadedText } from '#http/upload_text'
import { importRefusal } from '#http/import_answers'
import { RefusedForm } from '#http/forms'
import { importModeValidator } from '#validators/imports'

type Kind = 'threads' | 'reviews' | 'json'

function imported(kind: Kind, result: Extract<ImportResult, { imported: unknown }>) {
  const { threads, sessions, events, reviews } = result.imported
  if (kind === 'json') {
    return `Imported ${threads} threads, ${sessions} sessions and ${events} events.`
  }
  return kind === 'threads' ? `Imported ${threads} threads.` : `Imported ${reviews} review links.`
}

/** Imports from the account page: the same domain calls as the API, answered on the page. */
export default class AccountImportsController {
  async import(ctx: HttpContext) {
    const { auth, params, request, response, session } = ctx
    const kind = params.kind as Kind
    const userId = auth.getUserOrFail().id
    let result: ImportResult
    if (kind === 'json') {
      const { mode } = await request.validateUsing(importModeValidator, { data: request.body() })
      result = await importJsonExport(userId, uploadedText(ctx, ['json']), mode ?? 'ask')
    } else {
      const text = uploadedText(ctx, ['csv'])
      result =
        kind === 'threads'
          ? await importThreadsCsv(userId, text)
          : await importReviewsCsv(userId, text)
    }
    if (!('imported' in result)) throw new RefusedForm(importRefusal(result))
    session.flash('success', imported(kind, result))
    return response.redirect().toPath(`${urlFor('account.show')}#data`)
  }
}
