import vine from '@vinejs/vine'

/** A thread's fields, as every form, API body and import checks them. */
export const title = () => vine.string().trim().minLength(1).maxLength(200)
export const format = () => vine.string().trim().minLength(1).maxLength(50)
export const issues = () => vine.number().withoutDecimals().range([0, 100000])
export const notes = () => vine.string().trim().maxLength(5000)
export const reviewUrl = () =>
  vine
    .string()
    .trim()
    .maxLength(2000)
    .url({ protocols: ['http', 'https'], require_protocol: true })

export const createThreadValidator = vine.create({
  title: title(),
  format: format(),
  issues_remaining: issues(),
  notes: notes().optional().nullable(),
  review_url: reviewUrl().optional().nullable(),
  at: vine.enum(['top', 'bottom']).optional(),
})

/** The edit page's form: every field as it stands (an empty title or format is refused). */
export const editThreadValidator = vine.create({
  title: title(),
  format: format(),
  issues_remaining: issues(),
  notes: notes().optional().nullable(),
  review_url: reviewUrl().optional().nullable(),
})

/** Any subset of the fields; null clears notes and review_url. */
export const updateThreadValidator = vine.create({
  title: title().optional(),
  format: format().optional(),
  issues_remaining: issues().optional(),
  notes: notes().nullable().optional(),
  review_url: reviewUrl().nullable().optional(),
})

export const reactivateValidator = vine.create({
  issues_to_add: vine.number().withoutDecimals().range([1, 100000]),
})

export const positionValidator = vine.create({
  position: vine.number().withoutDecimals().min(1).max(1_000_000),
})

export const staleQueryValidator = vine.create({
  days: vine.number().withoutDecimals().range([1, 3650]).optional(),
})

/** `GET /api/threads` and `GET /api/queue`: what to list, a search, the page size and where to go on. */
export const threadListQueryValidator = vine.create({
  status: vine.enum(['active', 'completed', 'all']).optional(),
  q: vine.string().trim().minLength(1).maxLength(200).optional(),
  per_page: vine.number().withoutDecimals().range([1, 500]).optional(),
  cursor: vine.string().maxLength(500).optional(),
})

/** The domain's thread fields from a validated body (snake_case to camelCase). */
export function toThreadInput(data: {
  title?: string
  format?: string
  issues_remaining?: number
  notes?: string | null
  review_url?: string | null
}) {
  return {
    title: data.title,
    format: data.format,
    issuesRemaining: data.issues_remaining,
    notes: data.notes,
    reviewUrl: data.review_url,
  }
}
