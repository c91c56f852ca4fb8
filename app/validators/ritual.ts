import vine from '@vinejs/vine'
import { DICE, RATINGS } from '#domain/ladder'
import { tagList } from '#validators/thread'

export const rateValidator = vine.create({
  rating: vine.number().in([...RATINGS]),
  issues_read: vine.number().withoutDecimals().range([1, 100000]).optional(),
  finish_session: vine.boolean().optional(),
})

export const dieValidator = vine.create({
  die: vine.number().in([...DICE]),
})

export const overrideValidator = vine.create({
  thread_id: vine.number().withoutDecimals().min(1).max(2_147_483_647),
  /** The issue to read (an order's entry, "read it now"): rating it marks it read first. */
  issue_id: vine.number().withoutDecimals().min(1).max(2_147_483_647).optional(),
})

/** Tonight's filter: tags to keep in (any of them) and tags to leave out; at least one in all. */
export const filterValidator = vine.create({
  include: tagList().optional(),
  exclude: tagList().optional(),
})
