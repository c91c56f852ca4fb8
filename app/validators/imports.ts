import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import type { FieldContext } from '@vinejs/vine/types'
import { DICE } from '#domain/ladder'
import {
  format,
  issues as count,
  notes,
  onDuplicate,
  reviewUrl,
  tagList,
  tagText,
  title,
} from '#validators/thread'

import { EXPORT_FORMAT } from '#domain/export_format'
import { ISSUES_PER_THREAD, ISSUE_LABEL_LENGTH } from '#domain/issue_numbers'
import { ENTRIES_PER_ORDER, ORDERS_PER_READER, ORDER_NAME_LENGTH } from '#domain/orders/entries'

/** Largest id, count or position a file may name (PostgreSQL's integer). */
const MAX_INT = 2_147_483_647
const FIRST_YEAR = 1900
const LAST_YEAR = 9999
/** Rows an import may hold (each list of a JSON export, the rows of a CSV). */
export const IMPORT_ROWS_LIMIT = 100_000

const parseTime = (value: string) => DateTime.fromISO(value, { zone: 'utc' })

/** An ISO-8601 time between 1900 and 9999 ("2026-11-25T20:15:00Z"). */
const isoTime = vine.createRule((value: unknown, _: undefined, field: FieldContext) => {
  if (typeof value !== 'string') return
  const time = parseTime(value)
  if (!time.isValid || time.year < FIRST_YEAR || time.year > LAST_YEAR) {
    field.report(
      'Use an ISO-8601 time between 1900 and 9999, like 2026-11-25T20:15:00Z.',
      'isoTime',
      field
    )
  }
})

/** A time as PostgreSQL reads it, in UTC, whatever ISO-8601 form the file used. */
const time = () =>
  vine
    .string()
    .trim()
    .maxLength(64)
    .use(isoTime())
    .transform((value) => parseTime(value).toUTC().toISO()!)
const id = () => vine.number().withoutDecimals().range([1, MAX_INT])
const position = () => vine.number().withoutDecimals().range([1, MAX_INT])
const die = () => vine.number().in([...DICE])
const rating = () => vine.number().range([0, 5])

/**
 * A row of a threads CSV: title, format and issues_remaining, and what this app's own
 * CSV export adds (every extra column optional; an empty cell is no value).
 */
export const threadRowValidator = vine.create({
  title: title(),
  format: format(),
  issues_remaining: count(),
  status: vine.enum(['active', 'completed']).optional(),
  notes: notes().optional(),
  review_url: reviewUrl().optional(),
  last_review_at: time().optional(),
  last_rating: rating().optional(),
  last_activity_at: time().optional(),
  created_at: time().optional(),
  tags: tagText().optional(),
})

/** A row of a reviews CSV (or of this app's threads CSV: `id` and `last_review_at`). */
export const reviewRowValidator = vine.create({
  thread_id: id(),
  review_url: reviewUrl(),
  review_timestamp: time(),
})

/** This app's own JSON export, as a whole: its lists are read item by item (below). */
export const exportFileValidator = vine.create({
  format: vine.literal(EXPORT_FORMAT),
  threads: vine.array(vine.any()).maxLength(IMPORT_ROWS_LIMIT),
  sessions: vine.array(vine.any()).maxLength(IMPORT_ROWS_LIMIT),
  events: vine.array(vine.any()).maxLength(IMPORT_ROWS_LIMIT),
  orders: vine.array(vine.any()).maxLength(ORDERS_PER_READER).optional(),
})

/** A reading order of a JSON export: its entries name a thread of the file and an issue's number. */
export const exportOrderValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(ORDER_NAME_LENGTH),
  mode: vine.enum(['guide', 'strict'] as const),
  entries: vine
    .array(
      vine.object({
        thread_id: id(),
        number: vine.string().trim().minLength(1).maxLength(ISSUE_LABEL_LENGTH),
      })
    )
    .maxLength(ENTRIES_PER_ORDER),
})

/** A thread of a JSON export. */
export const exportThreadValidator = vine.create({
  id: id(),
  title: title(),
  format: format(),
  issues_remaining: count(),
  status: vine.enum(['active', 'completed']),
  position: position().nullable().optional(),
  notes: notes().nullable().optional(),
  review_url: reviewUrl().nullable().optional(),
  last_review_at: time().nullable().optional(),
  last_rating: rating().nullable().optional(),
  last_activity_at: time().nullable().optional(),
  created_at: time().nullable().optional(),
  tags: tagList().optional(),
  /** A thread's list of issues in reading order (absent: it lists none). */
  issues: vine
    .array(
      vine.object({
        number: vine.string().trim().minLength(1).maxLength(ISSUE_LABEL_LENGTH),
        read_at: time().nullable().optional(),
      })
    )
    .minLength(1)
    .maxLength(ISSUES_PER_THREAD)
    .nullable()
    .optional(),
})

/** A session of a JSON export. */
export const exportSessionValidator = vine.create({
  id: id(),
  started_at: time(),
  ended_at: time().nullable().optional(),
  last_activity_at: time().nullable().optional(),
  start_die: die(),
  /** The ladder's rung; an export older than ladder_die has it in current_die. */
  ladder_die: die().optional(),
  current_die: die(),
  manual_die: die().nullable().optional(),
  pending_thread_id: id().nullable().optional(),
})

/** An event of a JSON export. */
export const exportEventValidator = vine.create({
  session_id: id().nullable().optional(),
  type: vine.string().maxLength(32),
  thread_id: id().nullable().optional(),
  thread_title: vine.string().maxLength(200).nullable().optional(),
  die: die().nullable().optional(),
  result: vine.number().withoutDecimals().range([1, 20]).nullable().optional(),
  selection_method: vine.enum(['random', 'override']).nullable().optional(),
  rating: rating().nullable().optional(),
  issues_read: count().nullable().optional(),
  issue_number: vine.string().maxLength(200).nullable().optional(),
  die_after: die().nullable().optional(),
  queue_move: vine.enum(['front', 'back', 'after_pool']).nullable().optional(),
  from_position: position().nullable().optional(),
  to_position: position().nullable().optional(),
  completed: vine.boolean().optional(),
  undone: vine.boolean().optional(),
  created_at: time(),
})

/**
 * An import's options (the API's query string, a page's form): `mode` of a JSON import
 * (alongside what the account has, or instead of it), and what to do with a title the
 * pile already holds.
 */
export const importModeValidator = vine.create({
  mode: vine.enum(['add', 'replace']).optional(),
  on_duplicate: onDuplicate(),
})
