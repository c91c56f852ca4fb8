import type { HttpContext } from '@adonisjs/core/http'
import { urlFor } from '@adonisjs/core/services/url_builder'
import { namedTitles } from '#domain/duplicates'
import {
  importJsonExport,
  importReviewsCsv,
  importThreadsCsv,
  type ImportResult,
} from '#domain/imports/importer'
import { chosenFile, importChosen } from '#http/held_files'
import { importModeValidator } from '#validators/imports'
import { duplicateChoices } from '#validators/duplicates'
import { count } from '#services/words'

type Kind = 'threads' | 'reviews' | 'json'

function imported(kind: Kind, result: Extract<ImportResult, { imported: unknown }>) {
  const { threads, sessions, events, reviews, skipped } = result.imported
  const left = skipped.length
    ? ` Skipped ${count(skipped.length, 'thread')} already in your pile: ${namedTitles(skipped)}.`
    : ''
  if (kind === 'json') {
    return `Imported ${count(threads, 'thread')}, ${count(sessions, 'session')} and ${count(events, 'event')}.${left}`
  }
  return kind === 'threads'
    ? `Imported ${count(threads, 'thread')}.${left}`
    : `Imported ${count(reviews, 'review link')}.`
}

/** Imports from the account page: the same domain calls as the API, answered on the page. */
export default class AccountImportsController {
  async import(ctx: HttpContext) {
    const { auth, params, request, response, session } = ctx
    const kind = params.kind as Kind
    const userId = auth.getUserOrFail().id
    const { mode } = await request.validateUsing(importModeValidator, { data: request.body() })
    const file = await chosenFile(ctx, kind, [kind === 'json' ? 'json' : 'csv'])
    const choices = duplicateChoices(request.body())
    const result = await importChosen(ctx, kind, file, () => {
      if (kind === 'json') return importJsonExport(userId, file.text, mode ?? 'ask', choices)
      return kind === 'threads'
        ? importThreadsCsv(userId, file.text, choices)
        : importReviewsCsv(userId, file.text)
    })
    session.flash('success', imported(kind, result))
    return response.redirect().toPath(`${urlFor('account.show')}#data`)
  }
}
