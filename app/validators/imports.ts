import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import type { FieldContext } from '@vinejs/vine/types'
import { DICE } from '#domain/ladder'
import { format, issues as count, notes, reviewUrl, title } from '#validators/thread'

export const EXPORT_FORMAT = 'comic-pile-export'

/** Largest id, count or position a file may name (PostgreSQL's integer). */
const MAX_INT = 2_147_483_647
const FIRST_YEAR = 1900
const LAST_YEAR = 9999

/** An ISO-8601 time between 1900 and 9999 ("2026-11-25T20:15:00Z"); stored as given, in UTC. */
const isoTime = vine.createRule((value: unknown, _: undefined, field: FieldContext) => {
  if (typeof value !== 'string') return
  const time = DateTime.fromISO(value, { zone: 'utc' })
  if (!time.isValid || time.year < FIRST_YEAR || time.year > LAST_YEAR) {
    field.report(
      'Use an ISO-8601 time between 1900 and 9999, like 2026-11-25T20:15:00Z.',
      'isoTime',
      field
    )
  }
})

const time = () => vine.string().trim().maxLength(64).use(isoTime())
const id = () => vine.number().withoutDecimals().range([1, MAX_INT])
const position = () => vine.number().withoutDecimals().range([1, MAX_INT])
const die = () => vine.number().in([...DICE])
const rating = () => vine.number().range([0, 5])

/** A row of the reviews CSV. */
export const reviewRowValidator = vine.create({
  thread_id: id(),
  review_url: reviewUrl(),
  review_timestamp: time(),
})

/** This app's own JSON export. */
export const exportValidator = vine.create({
  format: vine.literal(EXPORT_FORMAT),
  threads: vine
    .array(
      vine.object({
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
      })
    )
    .maxLength(100000),
  sessions: vine
    .array(
      vine.object({
        id: id(),
        started_at: time(),
        ended_at: time().nullable().optional(),
        last_activity_at: time().nullable().optional(),
        start_die: die(),
        current_die: die(),
        manual_die: die().nullable().optional(),
        pending_thread_id: id().nullable().optional(),
      })
    )
    .maxLength(100000),
  events: vine
    .array(
      vine.object({
        session_id: id().nullable().optional(),
        type: vine.string().maxLength(32),
        thread_id: id().nullable().optional(),
        thread_title: vine.string().maxLength(200).nullable().optional(),
        die: die().nullable().optional(),
        result: vine.number().withoutDecimals().range([1, 20]).nullable().optional(),
        selection_method: vine.enum(['random', 'override']).nullable().optional(),
        rating: rating().nullable().optional(),
        issues_read: count().nullable().optional(),
        die_after: die().nullable().optional(),
        queue_move: vine.enum(['front', 'back']).nullable().optional(),
        from_position: position().nullable().optional(),
        to_position: position().nullable().optional(),
        completed: vine.boolean().optional(),
        undone: vine.boolean().optional(),
        created_at: time(),
      })
    )
    .maxLength(1000000),
})
