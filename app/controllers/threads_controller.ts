import type { HttpContext } from '@adonisjs/core/http'
import {
  createThread,
  deleteThread,
  findOwnThread,
  reactivateThread,
  updateThread,
  type ThreadInput,
} from '#domain/threads'
import {
  createThreadValidator,
  reactivateValidator,
  toThreadInput,
  editThreadValidator,
} from '#validators/thread'
import { withForm } from '#http/forms'
import { queueUrlFor, renderQueuePage } from '#http/page_views'

/** Thread pages: add, edit, delete (after a confirmation page), reactivate. */
export default class ThreadsController {
  async store(ctx: HttpContext) {
    const { auth, request, response, session } = ctx
    return withForm(
      ctx,
      'add-thread',
      () => renderQueuePage(ctx),
      async () => {
        const data = await request.validateUsing(createThreadValidator, { data: request.body() })
        const thread = await createThread(
          auth.getUserOrFail(),
          toThreadInput(data) as ThreadInput,
          data.at
        )
        session.flash(
          'success',
          `Added ${thread.title} ${data.at === 'bottom' ? 'at the bottom' : 'to the top'} of your queue.`
        )
        return response.redirect().toPath(queueUrlFor(thread))
      }
    )
  }

  async edit({ auth, params, view }: HttpContext) {
    const thread = await findOwnThread(auth.getUserOrFail(), Number(params.id))
    return view.render('pages/threads/edit', { thread })
  }

  async update(ctx: HttpContext) {
    const { auth, params, request, response, session } = ctx
    return withForm(
      ctx,
      'thread',
      () => this.edit(ctx),
      async () => {
        const data = await request.validateUsing(editThreadValidator, { data: request.body() })
        const thread = await updateThread(auth.getUserOrFail(), Number(params.id), {
          ...toThreadInput(data),
          notes: data.notes ?? null,
          reviewUrl: data.review_url ?? null,
        })
        session.flash('success', `Saved ${thread.title}.`)
        return response.redirect().toPath(queueUrlFor(thread))
      }
    )
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

  async reactivate({ auth, params, request, response, session }: HttpContext) {
    const { issues_to_add: issues } = await request.validateUsing(reactivateValidator, {
      data: request.body(),
    })
    const thread = await reactivateThread(auth.getUserOrFail(), Number(params.id), issues)
    session.flash('success', `${thread.title} is back at the front of your queue.`)
    return response.redirect().toPath(queueUrlFor(thread))
  }
}
