import type { HttpContext } from '@adonisjs/core/http'
import { AppError } from '#exceptions/app_error'
import {
  addThreads,
  deleteThread,
  findOwnThread,
  threadToEdit,
  reactivateThread,
  updateThread,
  type ThreadInput,
} from '#domain/threads'
import {
  addThreadFormValidator,
  editThreadValidator,
  reactivateValidator,
  threadListValidator,
  toThreadInput,
} from '#validators/thread'
import { queueFeedback, renderThreadPage } from '#http/page_views'
import { count } from '#services/words'
import { namedTitles } from '#domain/duplicates'
import { duplicateChoices } from '#validators/duplicates'

/** What the reader is told after adding threads: where they went, and any title skipped. */
function addedMessage({ threads, skipped }: Awaited<ReturnType<typeof addThreads>>) {
  const first = threads[0]
  if (!first) {
    return skipped.length === 1
      ? `Nothing added: ${skipped[0].title} is already in your pile.`
      : `Nothing added: all ${skipped.length} titles are already in your pile.`
  }
  const where =
    first.position === null ? 'as completed (no issues left)' : `at position ${first.position}`
  const added =
    threads.length === 1
      ? `Added ${first.title} ${where}.`
      : `Added ${count(threads.length, 'thread')}, the first ${where}.`
  if (!skipped.length) return added
  return `${added} Skipped, as already in your pile: ${namedTitles(skipped)}.`
}

/** Where the reader lands after adding: the first thread added, or the first one skipped. */
const landing = ({ threads, skipped }: Awaited<ReturnType<typeof addThreads>>) =>
  threads[0] ?? { id: skipped[0].threadId, position: null }

/** A thread's page, and adding, editing, deleting (after a confirmation page), reactivating. */
export default class ThreadsController {
  async show(ctx: HttpContext) {
    return renderThreadPage(ctx)
  }

  async store(ctx: HttpContext) {
    const { auth, request } = ctx
    const data = await request.validateUsing(addThreadFormValidator, { data: request.body() })
    const input = toThreadInput(data) as ThreadInput
    const added = await addThreads(
      auth.getUserOrFail(),
      [input],
      data.at,
      duplicateChoices(request.body())
    )
    return queueFeedback(ctx, landing(added), addedMessage(added), 'add')
  }

  async storeList(ctx: HttpContext) {
    const { auth, request } = ctx
    const data = await request.validateUsing(threadListValidator, { data: request.body() })
    const inputs = data.titles.map((title) => ({
      title,
      format: data.format,
      issuesRemaining: data.issues_remaining,
    }))
    const added = await addThreads(
      auth.getUserOrFail(),
      inputs,
      data.at,
      duplicateChoices(request.body())
    )
    return queueFeedback(ctx, landing(added), addedMessage(added), 'add')
  }

  async edit({ auth, params, view }: HttpContext) {
    return view.render(
      'pages/threads/edit',
      await threadToEdit(auth.getUserOrFail(), Number(params.id))
    )
  }

  async update(ctx: HttpContext) {
    const { auth, params, request } = ctx
    const data = await request.validateUsing(editThreadValidator, { data: request.body() })
    const thread = await AppError.onField(
      'issues_remaining',
      updateThread(auth.getUserOrFail(), Number(params.id), {
        ...toThreadInput(data),
        notes: data.notes ?? null,
        reviewUrl: data.review_url ?? null,
      })
    )
    return queueFeedback(ctx, thread, `Saved ${thread.title}.`)
  }

  async confirmDestroy({ auth, params, view }: HttpContext) {
    const thread = await findOwnThread(auth.getUserOrFail(), Number(params.id))
    return view.render('pages/threads/delete', { thread })
  }

  async destroy({ auth, params, response, session }: HttpContext) {
    const thread = await deleteThread(auth.getUserOrFail(), Number(params.id))
    session.flash('success', `Deleted ${thread.title}. Its history stays readable.`)
    return response.redirect().toRoute('queue.show')
  }

  async reactivate(ctx: HttpContext) {
    const { auth, params, request } = ctx
    const { issues_to_add: issues } = await request.validateUsing(reactivateValidator, {
      data: request.body(),
    })
    const thread = await AppError.onField(
      'issues_to_add',
      reactivateThread(auth.getUserOrFail(), Number(params.id), issues)
    )
    return queueFeedback(
      ctx,
      thread,
      `${thread.title} is back at the front with ${count(thread.issuesRemaining, 'issue')} to read.`
    )
  }
}
