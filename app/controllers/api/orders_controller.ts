import type { HttpContext } from '@adonisjs/core/http'
import { AppError } from '#exceptions/app_error'
import { orderEntryJson, orderJson, orderPlanJson } from '#http/api_json'
import { uploadedText } from '#http/upload_text'
import {
  UnreadableOrder,
  changeOrder,
  deleteOrder,
  makeOrder,
  orderAsCbl,
  type OrderInput,
} from '#domain/orders/orders'
import { cblText } from '#domain/orders/cbl'
import { entriesOfSource } from '#domain/orders/sources'
import { entriesOf, findOrder, listOrders } from '#domain/orders/reading'
import { cblDownload } from '#http/order_pages'
import { orderChangeValidator, orderImportValidator, orderValidator } from '#validators/orders'
import type User from '#models/user'

/** An order made (201, with its entries and what it made) or planned (200, nothing changed). */
async function made(
  user: User,
  input: OrderInput,
  dryRun: boolean,
  response: HttpContext['response']
) {
  try {
    const { plan, orderId } = await makeOrder(user, input, { dryRun })
    if (orderId === null) return orderPlanJson(plan)
    const order = await findOrder(user, orderId)
    const entries = await entriesOf(user, orderId)
    return response.created({
      ...orderJson(order),
      entries: entries.map(orderEntryJson),
      threads_created: plan.threadsCreated.length,
      issues_added: plan.issuesAdded,
      unreadable: plan.unreadable,
    })
  } catch (error) {
    if (!(error instanceof UnreadableOrder)) throw error
    const refused = AppError.invalid(error.message, 'entries')
    throw Object.assign(refused, { answer: { unreadable: error.unreadable } })
  }
}

/** Reading orders: made from entries or a CBL file (a dry run first), read, changed, exported. */
export default class OrdersController {
  async index({ auth }: HttpContext) {
    const orders = await listOrders(auth.getUserOrFail())
    return { data: orders.map(orderJson) }
  }

  async store({ auth, request, response }: HttpContext) {
    const { dry_run: dryRun, ...input } = await request.validateUsing(orderValidator)
    return made(auth.getUserOrFail(), input, dryRun ?? false, response)
  }

  /** A CBL file: the multipart `file` or an XML body; its `<Name>` names the order. */
  async import(ctx: HttpContext) {
    const { request, auth, response } = ctx
    const options = await request.validateUsing(orderImportValidator, { data: request.qs() })
    const source = { kind: 'cbl', text: uploadedText(ctx, ['cbl', 'xml'], cblText) } as const
    const { name, entries } = await AppError.onField(
      'file',
      Promise.resolve().then(() => entriesOfSource(source, undefined))
    )
    const input = { name, mode: options.mode, entries }
    return made(auth.getUserOrFail(), input, options.dry_run ?? false, response)
  }

  async show({ auth, params }: HttpContext) {
    const user = auth.getUserOrFail()
    const order = await findOrder(user, Number(params.id))
    const entries = await entriesOf(user, order.id)
    return { ...orderJson(order), entries: entries.map(orderEntryJson) }
  }

  async update({ auth, params, request }: HttpContext) {
    const changes = await request.validateUsing(orderChangeValidator)
    const { order } = await changeOrder(auth.getUserOrFail(), Number(params.id), changes)
    return orderJson(order)
  }

  async destroy({ auth, params, response }: HttpContext) {
    await deleteOrder(auth.getUserOrFail(), Number(params.id))
    return response.noContent()
  }

  /** The order as a CBL file that imports back to the same entries. */
  async exportCbl({ auth, params, response }: HttpContext) {
    return cblDownload(response, await orderAsCbl(auth.getUserOrFail(), Number(params.id)))
  }
}
