import vine from '@vinejs/vine'

/** `?page=` (and `per_page=` for the API) of the paged lists: history, sessions, the queue. */
export const pageQueryValidator = vine.create({
  page: vine.number().withoutDecimals().range([1, 100000]).optional(),
  per_page: vine.number().withoutDecimals().range([1, 100]).optional(),
})
