import vine from '@vinejs/vine'
import { ENTRIES_PER_ORDER, ORDER_NAME_LENGTH } from '#domain/orders/entries'

/** An order's name: 1–200 characters, none of them a control character. */
const name = () =>
  vine
    .string()
    .trim()
    .minLength(1)
    .maxLength(ORDER_NAME_LENGTH)
    .regex(/^[^\p{Cc}]*$/u)
const mode = () => vine.enum(['guide', 'strict'] as const)

/**
 * A reading order made through the API: its entries are read one by one by the domain
 * (an entry it cannot read is told by its index, the others make the order).
 */
export const orderValidator = vine.create({
  name: name(),
  mode: mode().optional(),
  entries: vine
    .array(
      vine.object({
        series: vine.any().optional(),
        volume: vine.any().optional(),
        number: vine.any().optional(),
      })
    )
    .minLength(1)
    .maxLength(ENTRIES_PER_ORDER),
  dry_run: vine.boolean().optional(),
})

/** A CBL file's import: only whether it is a dry run (the file is the body or its part). */
export const orderImportValidator = vine.create({
  dry_run: vine.boolean().optional(),
  mode: mode().optional(),
})

/** A change of an order: its name, its mode. */
export const orderChangeValidator = vine.create({
  name: name().optional(),
  mode: mode().optional(),
})

/** The orders page's import: a name, a mode, and pasted lines or a CBL file (the file part). */
export const orderPreviewValidator = vine.create({
  name: name().optional(),
  mode: mode().optional(),
  lines: vine
    .string()
    .maxLength(64 * 1024)
    .optional(),
})

/** The preview's confirmation: the kept list, the plan it showed, the name and mode. */
export const orderConfirmValidator = vine.create({
  held: vine.string().uuid(),
  plan: vine.string().maxLength(64),
  name: name(),
  mode: mode().optional(),
})

/** A page of an order's entries. */
export const orderPageValidator = vine.create({
  page: vine.number().withoutDecimals().range([1, 1000]).optional(),
})

/** A read-only link to make: to the queue, or to one of the reader's orders (`order_id`). */
export const shareValidator = vine.create({
  what: vine.enum(['queue', 'order'] as const),
  order_id: vine
    .number({ strict: true })
    .withoutDecimals()
    .range([1, 2_147_483_647])
    .optional()
    .requiredWhen('what', '=', 'order'),
})
