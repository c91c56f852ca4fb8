import type { HttpContext } from '@adonisjs/core/http'
import { urlFor } from '@adonisjs/core/services/url_builder'
import {
  PlanChanged,
  UnreadableOrder,
  changeOrder,
  deleteOrder,
  makeOrder,
  markEntry,
  orderAsCbl,
} from '#domain/orders/orders'
import { type OrderSource, entriesOfSource } from '#domain/orders/sources'
import { cblText } from '#domain/orders/cbl'
import { findOrder } from '#domain/orders/reading'
import { dropHeldUpload, heldUpload, holdUpload } from '#domain/held_uploads'
import { issueLabel } from '#domain/issue_numbers'
import { AppError } from '#exceptions/app_error'
import { uploadedName, uploadedText } from '#http/upload_text'
import {
  cblDownload,
  renderOrderPage,
  renderOrderPreview,
  renderOrdersPage,
} from '#http/order_pages'
import {
  orderChangeValidator,
  orderConfirmValidator,
  orderPreviewValidator,
} from '#validators/orders'
import { count } from '#services/words'

/** The kind an order's source is kept under while its preview waits. */
const HELD_KIND = 'order'

/** A kept source: its kind is the kept name's prefix ("cbl:civil-war.cbl", "lines"). */
const keptSource = (name: string, text: string): OrderSource => ({
  kind: name.startsWith('cbl:') ? 'cbl' : 'lines',
  text,
})

/** Reading orders on the pages: the list and its import (previewed first), an order, its settings. */
export default class OrdersController {
  async index(ctx: HttpContext) {
    return renderOrdersPage(ctx)
  }

  async show(ctx: HttpContext) {
    return renderOrderPage(ctx)
  }

  /** Reads the file or the lines, keeps them, and shows what the order would do. */
  async preview(ctx: HttpContext) {
    const { auth, request } = ctx
    const user = auth.getUserOrFail()
    const input = await request.validateUsing(orderPreviewValidator, { data: request.body() })
    const fileName = uploadedName(ctx)
    const source: OrderSource = fileName
      ? { kind: 'cbl', text: uploadedText(ctx, ['cbl', 'xml'], cblText) }
      : { kind: 'lines', text: input.lines ?? '' }
    const field = source.kind === 'cbl' ? 'file' : 'lines'
    if (source.kind === 'lines' && !source.text.trim()) {
      throw AppError.invalid('Paste the order’s lines, or choose a CBL file.', 'lines', 'required')
    }
    const { name, entries } = await AppError.onField(
      field,
      Promise.resolve().then(() => entriesOfSource(source, input.name))
    )
    const { plan } = await makeOrder(user, { name, entries }, { dryRun: true }).catch((error) => {
      if (!(error instanceof UnreadableOrder)) throw error
      const why = error.unreadable[0]?.message ?? ''
      const said = `${why.charAt(0).toLowerCase()}${why.slice(1)}`
      throw AppError.invalid(`No entry of this list can be read: ${said}`.trim(), field)
    })
    const kept = source.kind === 'cbl' ? `cbl:${fileName}` : 'lines'
    const held = await holdUpload(user.id, HELD_KIND, kept, source.text)
    return renderOrderPreview(ctx, { plan, name, mode: input.mode ?? 'guide', held })
  }

  /** Makes the order the preview showed, unless the pile changed meanwhile (then shows it again). */
  async store(ctx: HttpContext) {
    const { auth, request, response, session } = ctx
    const user = auth.getUserOrFail()
    const input = await request.validateUsing(orderConfirmValidator, { data: request.body() })
    const kept = await heldUpload(user.id, HELD_KIND, input.held)
    if (!kept) {
      throw AppError.invalid(
        'This preview is no longer kept (after an hour, or once made). Import the list again.',
        'held'
      )
    }
    const { entries } = entriesOfSource(keptSource(kept.name, kept.body), input.name)
    const mode = input.mode ?? 'guide'
    try {
      const { orderId, plan } = await makeOrder(
        user,
        { name: input.name, mode, entries },
        { dryRun: false, expected: input.plan }
      )
      await dropHeldUpload(user.id, HELD_KIND)
      const made = [
        `Made ${input.name}: ${count(plan.entries.length, 'entry', 'entries')}`,
        plan.threadsCreated.length ? `${count(plan.threadsCreated.length, 'new thread')}` : null,
        plan.issuesAdded ? `${count(plan.issuesAdded, 'issue')} added to lists` : null,
      ].filter(Boolean)
      session.flash('success', `${made.join(', ')}.`)
      return response.redirect().toPath(urlFor('orders.show', { id: orderId! }))
    } catch (error) {
      if (error instanceof PlanChanged) {
        return renderOrderPreview(ctx, {
          plan: error.plan,
          name: input.name,
          mode,
          held: input.held,
          changed: error.message,
        })
      }
      if (error instanceof UnreadableOrder) throw AppError.invalid(error.message, 'held')
      throw error
    }
  }

  async update(ctx: HttpContext) {
    const { auth, params, request, response, session } = ctx
    const changes = await request.validateUsing(orderChangeValidator, { data: request.body() })
    const { order } = await changeOrder(auth.getUserOrFail(), Number(params.id), changes)
    session.flash(
      'success',
      `Saved: ${order.name}, ${order.mode === 'strict' ? 'strict' : 'a guide'}.`
    )
    return response.redirect().toPath(urlFor('orders.show', { id: order.id }))
  }

  async exportCbl({ auth, params, response }: HttpContext) {
    return cblDownload(response, await orderAsCbl(auth.getUserOrFail(), Number(params.id)))
  }

  async confirmDestroy({ auth, params, view }: HttpContext) {
    const order = await findOrder(auth.getUserOrFail(), Number(params.id))
    return view.render('pages/orders/delete', { order })
  }

  async destroy({ auth, params, response, session }: HttpContext) {
    const user = auth.getUserOrFail()
    const order = await findOrder(user, Number(params.id))
    await deleteOrder(user, order.id)
    session.flash(
      'success',
      `Deleted the reading order ${order.name}. Its threads and issues stay.`
    )
    return response.redirect().toPath(urlFor('orders.index'))
  }

  async read(ctx: HttpContext) {
    return this.mark(ctx, true)
  }

  async unread(ctx: HttpContext) {
    return this.mark(ctx, false)
  }

  /** Marks an entry's issue read or unread from the order's page, and says so in its row. */
  private async mark(ctx: HttpContext, read: boolean) {
    const { auth, params, response, session } = ctx
    const user = auth.getUserOrFail()
    const { order, issue } = await markEntry(user, Number(params.id), Number(params.issue_id), read)
    const label = issueLabel(issue.number)
    session.flash('orderFeedback', {
      issueId: issue.id,
      message: read ? `${label} read.` : `${label} is unread again.`,
    })
    return response.redirect().toPath(`${urlFor('orders.show', { id: order.id })}#i${issue.id}`)
  }
}
