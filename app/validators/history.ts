import vine from '@vinejs/vine'

export const pageQueryValidator = vine.create({
  page: vine.number().withoutDecimals().range([1, 100000]).optional(),
  per_page: vine.number().withoutDecimals().range([1, 100]).optional(),
})
