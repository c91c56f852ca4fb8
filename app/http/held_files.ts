/**
 * A page's upload that the page asks about (titles already in the pile, add or replace)
 * is kept server-side while the reader answers, so the answer needs no second upload:
 * the form re-sends the kept file's id (`held`) instead of the file.
 */
import type { HttpContext } from '@adonisjs/core/http'
import { AppError } from '#exceptions/app_error'
import { DuplicatesRefusal } from '#domain/duplicates'
import { dropHeldUpload, heldUpload, holdUpload } from '#domain/held_uploads'
import { RefusedForm, type FormRefusal } from '#http/forms'
import { uploadedName, uploadedText } from '#http/upload_text'
import { importRefusal } from '#http/import_answers'
import type { ImportResult } from '#domain/imports/importer'

export interface ChosenFile {
  name: string
  text: string
}

/** The file of the form: the one uploaded, else the one kept for it (refused when gone). */
export async function chosenFile(
  ctx: HttpContext,
  kind: string,
  extnames: string[]
): Promise<ChosenFile> {
  const held = ctx.request.input('held')
  const name = uploadedName(ctx)
  // A form with a kept file and no other chosen sends an empty file part.
  if (name || typeof held !== 'string' || !held) {
    return { name: name || 'file', text: uploadedText(ctx, extnames) }
  }
  const kept = await heldUpload(ctx.auth.getUserOrFail().id, kind, held)
  if (!kept) {
    throw AppError.invalid(
      'The file you chose is no longer kept (after an hour, or once imported). Choose it again.',
      'file',
      'required'
    )
  }
  return { name: kept.name, text: kept.body }
}

/** A refusal whose answer needs the same file: the file kept, its id on the page. */
export async function keptFor(
  ctx: HttpContext,
  kind: string,
  file: ChosenFile,
  refusal: FormRefusal
): Promise<RefusedForm> {
  const id = await holdUpload(ctx.auth.getUserOrFail().id, kind, file.name, file.text)
  return new RefusedForm({ ...refusal, held: { id, name: file.name } })
}

/**
 * Runs an import of the chosen file, refused as a page form: a question (add or
 * replace, titles already in the pile) keeps the file for its answer; once imported,
 * no file is kept for it.
 */
export async function importChosen(
  ctx: HttpContext,
  kind: string,
  file: ChosenFile,
  run: () => Promise<ImportResult>
) {
  try {
    const result = await run()
    if ('imported' in result) {
      await dropHeldUpload(ctx.auth.getUserOrFail().id, kind)
      return result
    }
    const refusal = importRefusal(result)
    throw result.kind === 'mode'
      ? await keptFor(ctx, kind, file, refusal)
      : new RefusedForm(refusal)
  } catch (error) {
    if (!(error instanceof DuplicatesRefusal)) throw error
    throw await keptFor(ctx, kind, file, {
      status: 409,
      messages: [],
      message: error.message,
      duplicates: error.duplicates,
    })
  }
}
