import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { QUEUE_PAGE_SIZES } from '#domain/queue'
import { TITLES_AT_ONCE } from '#domain/threads'
import { SEARCH_CHARS, SEARCH_WORDS, searchWords } from '#domain/title_search'
import { TAGS_PER_THREAD, TAG_LENGTH, TAG_SEPARATORS, cleanTags, tagsOfText } from '#domain/tags'

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

/** A tag, given alone (the API's lists): no separator in it. */
const noSeparator = vine.createRule((value: unknown, _: undefined, field: FieldContext) => {
  if (typeof value === 'string' && TAG_SEPARATORS.test(value)) {
    field.report('A tag holds no comma or semicolon.', 'tag', field)
  }
})
/** A tag's length, in characters once spelled (as the forms count it). */
const tagSize = vine.createRule((value: unknown, _: undefined, field: FieldContext) => {
  if (typeof value === 'string' && [...(cleanTags([value])[0] ?? '')].length > TAG_LENGTH) {
    field.report(`A tag is at most ${TAG_LENGTH} characters.`, 'tag', field)
  }
})
export const tag = () =>
  vine
    .string()
    .trim()
    .minLength(1)
    .maxLength(TAG_LENGTH * 8)
    .use(noSeparator())
    .use(tagSize())

/** A thread's tags as a list (the API, the JSON export); the domain cleans them. */
export const tagList = () => vine.array(tag()).maxLength(TAGS_PER_THREAD)

/** Tags typed as text, separated by commas or semicolons (the forms, the CSV). */
const tagsTyped = vine.createRule((value: unknown, _: undefined, field: FieldContext) => {
  if (typeof value !== 'string') return
  const tags = tagsOfText(value)
  const long = tags.find((one) => [...one].length > TAG_LENGTH)
  if (tags.length > TAGS_PER_THREAD) {
    field.report(`Give at most ${TAGS_PER_THREAD} tags.`, 'tags', field)
  } else if (long) {
    field.report(`A tag is at most ${TAG_LENGTH} characters (“${long}” is longer).`, 'tags', field)
  }
})
export const tagText = () =>
  vine
    .string()
    .maxLength(TAGS_PER_THREAD * (TAG_LENGTH + 10))
    .use(tagsTyped())
    // An empty field comes as null (the forms' empty strings are), and is no tags.
    .transform((value: string | null) => (value === null ? [] : tagsOfText(value)))

/** What to do with a title the pile already holds: add it (v1), skip it, or ask (409). */
export const onDuplicate = () => vine.enum(['add', 'skip', 'ask'] as const).optional()

/** What a new thread is given, beside its tags. */
const newThreadFields = () => ({
  title: title(),
  format: format(),
  issues_remaining: issues(),
  notes: notes().optional().nullable(),
  review_url: reviewUrl().optional().nullable(),
  at: vine.enum(['top', 'bottom']).optional(),
  on_duplicate: onDuplicate(),
})

export const createThreadValidator = vine.create({
  ...newThreadFields(),
  tags: tagList().optional(),
})

/** The queue page's add form: the same, its tags typed in one field. */
export const addThreadFormValidator = vine.create({
  ...newThreadFields(),
  tags: tagText().optional().nullable(),
})

/** The edit page's form: every field as it stands (an empty title or format is refused). */
export const editThreadValidator = vine.create({
  title: title(),
  format: format(),
  issues_remaining: issues(),
  notes: notes().optional().nullable(),
  review_url: reviewUrl().optional().nullable(),
  tags: tagText().optional().nullable(),
})

/** Any subset of the fields; null clears notes and review_url. */
export const updateThreadValidator = vine.create({
  title: title().optional(),
  format: format().optional(),
  issues_remaining: issues().optional(),
  notes: notes().nullable().optional(),
  review_url: reviewUrl().nullable().optional(),
  tags: tagList().optional(),
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

/** A search of at most SEARCH_WORDS words. */
const fewWords = vine.createRule((value: unknown, _: undefined, field: FieldContext) => {
  if (typeof value === 'string' && searchWords(value).length > SEARCH_WORDS) {
    field.report(`Search for at most ${SEARCH_WORDS} words.`, 'words', field)
  }
})

/** `GET /api/threads` and `GET /api/queue`: what to list, a search, the page size and where to go on. */
export const threadListQueryValidator = vine.create({
  status: vine.enum(['active', 'completed', 'all']).optional(),
  q: vine.string().trim().minLength(1).maxLength(SEARCH_CHARS).use(fewWords()).optional(),
  per_page: vine.number().withoutDecimals().range([1, 500]).optional(),
  cursor: vine.string().maxLength(500).optional(),
  tag: tagsAsked(),
})

/** Tags a list asks for (`?tag=horror&tag=indie`: threads carrying every one). */
function tagsAsked() {
  return vine
    .array(tag())
    .maxLength(TAGS_PER_THREAD)
    .parse((value) => (typeof value === 'string' ? [value] : value))
    .optional()
}

/** The domain's thread fields from a validated body (snake_case to camelCase). */
export function toThreadInput(data: {
  title?: string
  format?: string
  issues_remaining?: number
  notes?: string | null
  review_url?: string | null
  tags?: string[] | null
}) {
  return {
    title: data.title,
    format: data.format,
    issuesRemaining: data.issues_remaining,
    notes: data.notes,
    reviewUrl: data.review_url,
    tags: data.tags === null ? [] : data.tags,
  }
}

/** One title a line, each a title as the single form takes it, at most TITLES_AT_ONCE. */
const titleLines = vine.createRule((value: unknown, _: undefined, field: FieldContext) => {
  if (typeof value !== 'string') return
  const lines = value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
  const long = lines.findIndex((line) => [...line].length > 200)
  if (lines.length === 0) field.report('Write at least one title.', 'titles', field)
  else if (lines.length > TITLES_AT_ONCE) {
    field.report(`Add at most ${TITLES_AT_ONCE} titles at once.`, 'titles', field)
  } else if (long >= 0) {
    field.report(`Title ${long + 1} is longer than 200 characters.`, 'titles', field)
  }
})

/** The queue page's "paste a list": titles one a line, one format and count for all. */
export const threadListValidator = vine.create({
  titles: vine
    .string()
    .use(titleLines())
    .transform((value) =>
      value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
    ),
  format: format(),
  issues_remaining: issues(),
  at: vine.enum(['top', 'bottom']).optional(),
})

/** The queue page's query: a page, its size, a search. */
export const queuePageQueryValidator = vine.create({
  page: vine.number().withoutDecimals().range([1, 100000]).optional(),
  size: vine
    .number()
    .in([...QUEUE_PAGE_SIZES])
    .optional(),
  q: vine.string().trim().maxLength(SEARCH_CHARS).optional(),
  tag: tagsAsked(),
})

/** The roll page's query: "Pick another" finds any thread of the queue by words. */
export const rollPageQueryValidator = vine.create({
  pick: vine.string().trim().minLength(1).maxLength(SEARCH_CHARS).use(fewWords()).optional(),
})
