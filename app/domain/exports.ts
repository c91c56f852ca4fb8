import { Readable } from 'node:stream'
import { DateTime } from 'luxon'
import { stringify } from 'csv-stringify'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { listSessions } from '#domain/history'
import { stars } from '#domain/ladder'
import { EXPORT_FORMAT } from '#domain/export_format'
import { inQueueSql, stateOfRow } from '#domain/thread_state'
import { fieldsJson } from '#domain/thread_fields'

/** Rows read per statement: an export of any size is read a page at a time. */
const PAGE_ROWS = 1000

type Row = Record<string, any>

const at = (value: unknown) => (value instanceof Date ? value.toISOString() : null)
const decimal = (value: unknown) => (value === null || value === undefined ? null : Number(value))

/**
 * Every row a query gives, a page at a time from where the last page ended (`after`
 * adds the keyset condition for the last row read, or nothing for the first page).
 */
async function* keyset(page: (last: Row | null) => Promise<Row[]>) {
  let last: Row | null = null
  while (true) {
    const rows = await page(last)
    yield* rows
    if (rows.length < PAGE_ROWS) return
    last = rows.at(-1)!
  }
}

/** A listed thread's issues in reading order, as the column `issues` (null for a thread listing none). */
const ISSUES_COLUMN = `CASE WHEN threads.issues_total IS NOT NULL THEN
  (SELECT json_agg(json_build_object('number', i.number, 'read_at', i.read_at) ORDER BY i.ordinal)
     FROM issues i WHERE i.thread_id = threads.id AND i.user_id = threads.user_id) END AS issues`

/** The reader's threads as exported: the queue in order (with positions), then completed ones, latest first. */
async function* threadRows(userId: number) {
  let position = 0
  const queue = keyset((last) => {
    const query = db
      .from('threads')
      .where('user_id', userId)
      .whereRaw(inQueueSql())
      .select('*', db.raw(ISSUES_COLUMN))
    if (last) query.where('sort_key', '>', last.sort_key)
    return query.orderBy('sort_key').limit(PAGE_ROWS)
  })
  for await (const row of queue) yield { ...row, position: ++position }
  // The keyset's time is read as text: a Date would round it to the millisecond.
  yield* keyset((last) => {
    const query = db
      .from('threads')
      .where('user_id', userId)
      .whereRaw(inQueueSql('threads', false))
      .select('*', db.raw(ISSUES_COLUMN), db.raw('updated_at::text AS updated_key'))
    if (last) query.whereRaw('(updated_at, id) < (?::timestamptz, ?)', [last.updated_key, last.id])
    return query.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(PAGE_ROWS)
  })
}

/** Rows of a table of the reader's in id order. */
function byId(table: string, userId: number) {
  return keyset((last) =>
    db
      .from(table)
      .where('user_id', userId)
      .where('id', '>', last?.id ?? 0)
      .orderBy('id')
      .limit(PAGE_ROWS)
  )
}

/** A thread as the JSON export writes it (its declared fields from app/domain/thread_fields.ts). */
export function threadJson(t: Row): Record<string, unknown> {
  return {
    id: t.id,
    ...fieldsJson((field) => t[field.name], { timestamptz: at, numeric: decimal }),
    status: stateOfRow(t),
    position: stateOfRow(t) === 'active' ? t.position : null,
    updated_at: at(t.updated_at),
    ...(t.issues ? { issues: t.issues.map(issueJson) } : {}),
  }
}

/** An issue of a thread as exported: its number and when it was read (UTC), if it was. */
function issueJson(issue: { number: string; read_at: string | null }) {
  return {
    number: issue.number,
    read_at: issue.read_at === null ? null : new Date(issue.read_at).toISOString(),
  }
}

function sessionJson(s: Row) {
  return {
    id: s.id,
    started_at: at(s.started_at),
    ended_at: at(s.ended_at),
    last_activity_at: at(s.last_activity_at),
    start_die: s.start_die,
    ladder_die: s.current_die,
    current_die: s.manual_die ?? s.current_die,
    manual_die: s.manual_die,
    pending_thread_id: s.pending_thread_id,
  }
}

function eventJson(e: Row) {
  return {
    id: e.id,
    session_id: e.session_id,
    type: e.type,
    thread_id: e.thread_id,
    thread_title: e.thread_title,
    die: e.die,
    result: e.result,
    selection_method: e.selection_method,
    rating: decimal(e.rating),
    issues_read: e.issues_read,
    issue_number: e.issue_number,
    die_after: e.die_after,
    queue_move: e.queue_move,
    from_position: e.from_position,
    to_position: e.to_position,
    completed: e.completed,
    undone: e.undone,
    created_at: at(e.created_at),
  }
}

/** The reader's reading orders with their entries (thread id and issue number, in order). */
function orderRows(userId: number) {
  return keyset((last) =>
    db
      .from('reading_orders as o')
      .where('o.user_id', userId)
      .where('o.id', '>', last?.id ?? 0)
      .select(
        'o.id',
        'o.name',
        'o.mode',
        db.raw(`(SELECT coalesce(json_agg(json_build_object('thread_id', i.thread_id, 'number', i.number)
                   ORDER BY e.position), '[]')
                   FROM order_entries e JOIN issues i ON i.id = e.issue_id
                  WHERE e.order_id = o.id) AS entries`)
      )
      .orderBy('o.id')
      .limit(PAGE_ROWS)
  )
}

function orderJson(o: Row) {
  return { name: o.name, mode: o.mode, entries: o.entries }
}

/** `[` items `]` of a JSON array, written as the rows come. */
async function* jsonArray(rows: AsyncIterable<Row>, toJson: (row: Row) => object) {
  yield '['
  let first = true
  for await (const row of rows) {
    yield (first ? '' : ',') + JSON.stringify(toJson(row))
    first = false
  }
  yield ']'
}

/**
 * Everything the reader owns, as JSON written while it is read: threads (the queue in
 * order with positions, then completed ones), sessions, events and reading orders (each
 * entry a thread's id and an issue's number). This app's JSON import reads it back.
 */
export function exportJson(user: User): Readable {
  async function* chunks() {
    const head = {
      format: EXPORT_FORMAT,
      version: 1,
      exported_at: DateTime.utc().toISO(),
      user: {
        email: user.email,
        session_gap_hours: user.sessionGapHours,
        start_die: user.startDie,
      },
    }
    yield JSON.stringify(head).slice(0, -1) + ',"threads":'
    yield* jsonArray(threadRows(user.id), threadJson)
    yield ',"sessions":'
    yield* jsonArray(byId('reading_sessions', user.id), sessionJson)
    yield ',"events":'
    yield* jsonArray(byId('events', user.id), eventJson)
    yield ',"orders":'
    yield* jsonArray(orderRows(user.id), orderJson)
    yield '}\n'
  }
  return Readable.from(chunks())
}

/** The columns of the threads CSV, in order; the threads import reads them all back. */
export const THREAD_COLUMNS = [
  'id',
  'title',
  'format',
  'issues_remaining',
  'status',
  'position',
  'last_rating',
  'last_activity_at',
  'review_url',
  'last_review_at',
  'notes',
  'created_at',
  'tags',
] as const

/**
 * The reader's threads as CSV, written while they are read: the queue in order, then
 * completed threads. Cells holding a separator (a comma, or the semicolon of some
 * spreadsheets), a quote or a line break are quoted; a cell a spreadsheet would run
 * as a formula starts with a quote (the threads import takes it off again).
 */
export function exportThreadsCsv(user: User): Readable {
  async function* rows() {
    for await (const row of threadRows(user.id)) {
      const thread = threadJson(row)
      // A list (the tags) is one cell, its items separated by semicolons.
      yield THREAD_COLUMNS.map((column) => {
        const value = thread[column]
        return Array.isArray(value) ? value.join(';') : (value ?? '')
      })
    }
  }
  return Readable.from(rows()).pipe(
    stringify({
      header: true,
      columns: [...THREAD_COLUMNS],
      record_delimiter: 'windows',
      quoted_match: /;/,
      escape_formulas: true,
    })
  )
}

/**
 * Text as Markdown shows it literally: its punctuation that Markdown reads (emphasis,
 * links, code, HTML, headings, lists) is escaped, and line breaks become spaces.
 */
function escapeMarkdown(text: string) {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()<>#+\-.!|~]/g, '\\$&')
}

/** Session summaries as Markdown, newest first, written a page of sessions at a time. */
export function exportMarkdown(user: User): Readable {
  async function* lines() {
    yield '# Comic Pile — reading sessions\n\n'
    for (let page = 1; ; page++) {
      const { summaries } = await listSessions(user, page, 100)
      for (const summary of summaries) {
        const s = summary.session
        const out = [
          `## ${s.startedAt.toFormat('ccc d LLL yyyy, HH:mm')}–${(s.endedAt ?? s.lastActivityAt).toFormat('HH:mm')} UTC`,
          '',
          `Ladder: ${summary.ladderPath.map((die) => `d${die}`).join(' → ')}`,
          '',
        ]
        for (const read of summary.reads) {
          out.push(
            `- ${stars(read.rating)} ${escapeMarkdown(read.title)} (${read.issuesRead} ${read.issuesRead === 1 ? 'issue' : 'issues'})`
          )
        }
        if (summary.skipped.length) {
          out.push(`- Skipped: ${summary.skipped.map(escapeMarkdown).join(', ')}`)
        }
        if (summary.completed.length) {
          out.push(`- Completed: ${summary.completed.map(escapeMarkdown).join(', ')}`)
        }
        yield out.join('\n') + '\n\n'
      }
      if (summaries.length < 100) return
    }
  }
  return Readable.from(lines())
}
