import { DateTime } from 'luxon'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import Thread from '#models/thread'
import { AppError } from '#exceptions/app_error'
import { withAction } from '#domain/action_log'
import { GAP, backKey, listQueue } from '#domain/queue'
import { listSessions } from '#domain/history'
import { stars } from '#domain/ladder'
import { csvRecords, toCsv } from '#services/csv'
import { createThreadValidator } from '#validators/thread'
import { EXPORT_FORMAT, exportValidator, reviewRowValidator } from '#validators/imports'
import { findNulField } from '#services/nul_bytes'

export interface RowError {
  row: number
  message: string
}

/** One line for a row's validation messages: "title: … format: …". */
function rowMessage(error: { messages: Array<{ field: string; message: string }> }) {
  return error.messages.map((m) => `${m.field}: ${m.message}`).join(' ')
}

const at = (value: unknown) =>
  value instanceof Date ? value.toISOString() : ((value as string | null) ?? null)

/** Everything the reader owns: threads (with queue positions), sessions and events. */
export async function exportJson(client: QueryClientContract, user: User) {
  const [queue, threads, sessions, events] = await Promise.all([
    listQueue(client, user.id),
    client.from('threads').where('user_id', user.id).orderBy('id'),
    client.from('reading_sessions').where('user_id', user.id).orderBy('id'),
    client.from('events').where('user_id', user.id).orderBy('id'),
  ])
  const positions = new Map(queue.map((thread) => [thread.id, thread.position]))
  return {
    format: EXPORT_FORMAT,
    version: 1,
    exported_at: DateTime.utc().toISO(),
    user: { email: user.email, session_gap_hours: user.sessionGapHours, start_die: user.startDie },
    threads: threads.map((t) => ({
      id: t.id,
      title: t.title,
      format: t.format,
      issues_remaining: t.issues_remaining,
      status: t.status,
      position: positions.get(t.id) ?? null,
      notes: t.notes,
      review_url: t.review_url,
      last_review_at: at(t.last_review_at),
      last_rating: t.last_rating === null ? null : Number(t.last_rating),
      last_activity_at: at(t.last_activity_at),
      created_at: at(t.created_at),
      updated_at: at(t.updated_at),
    })),
    sessions: sessions.map((s) => ({
      id: s.id,
      started_at: at(s.started_at),
      ended_at: at(s.ended_at),
      last_activity_at: at(s.last_activity_at),
      start_die: s.start_die,
      current_die: s.current_die,
      manual_die: s.manual_die,
      pending_thread_id: s.pending_thread_id,
    })),
    events: events.map((e) => ({
      id: e.id,
      session_id: e.session_id,
      type: e.type,
      thread_id: e.thread_id,
      thread_title: e.thread_title,
      die: e.die,
      result: e.result,
      selection_method: e.selection_method,
      rating: e.rating === null ? null : Number(e.rating),
      issues_read: e.issues_read,
      die_after: e.die_after,
      queue_move: e.queue_move,
      from_position: e.from_position,
      to_position: e.to_position,
      completed: e.completed,
      undone: e.undone,
      created_at: at(e.created_at),
    })),
  }
}

const THREAD_COLUMNS = [
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
]

/** The reader's threads as CSV: the queue in order, then completed threads. */
export async function exportThreadsCsv(client: QueryClientContract, user: User) {
  const data = await exportJson(client, user)
  const threads = [...data.threads].sort(
    (a, b) => (a.position ?? Infinity) - (b.position ?? Infinity) || a.id - b.id
  )
  return toCsv(
    THREAD_COLUMNS,
    threads.map((t) => THREAD_COLUMNS.map((column) => t[column as keyof typeof t]))
  )
}

/** Session summaries as Markdown, newest first. */
export async function exportMarkdown(client: QueryClientContract, user: User) {
  const lines = ['# Comic Pile — reading sessions', '']
  for (let page = 1; ; page++) {
    const { summaries } = await listSessions(client, user, page, 100)
    for (const summary of summaries) {
      const s = summary.session
      lines.push(
        `## ${s.startedAt.toFormat('ccc d LLL yyyy, HH:mm')}–${(s.endedAt ?? s.lastActivityAt).toFormat('HH:mm')} UTC`,
        ''
      )
      lines.push(`Ladder: ${summary.ladderPath.map((die) => `d${die}`).join(' → ')}`, '')
      for (const read of summary.reads) {
        lines.push(
          `- ${stars(read.rating)} ${read.title} (${read.issuesRead} ${read.issuesRead === 1 ? 'issue' : 'issues'})`
        )
      }
      if (summary.skipped.length) lines.push(`- Skipped: ${summary.skipped.join(', ')}`)
      if (summary.completed.length) lines.push(`- Completed: ${summary.completed.join(', ')}`)
      lines.push('')
    }
    if (summaries.length < 100) break
  }
  return lines.join('\n')
}

/** Threads from CSV (title, format, issues_remaining), at the bottom in file order. All rows or none. */
export async function importThreadsCsv(user: User, text: string) {
  const { keys, records } = csvRecords(text)
  const missing = ['title', 'format', 'issues_remaining'].filter((key) => !keys.includes(key))
  if (missing.length)
    return {
      imported: 0,
      errors: [{ row: 1, message: `Missing column(s): ${missing.join(', ')}.` }],
    }
  const errors: RowError[] = []
  const rows: Array<{
    title: string
    format: string
    issues_remaining: number
    notes?: string | null
  }> = []
  for (const record of records) {
    const [error, value] = await createThreadValidator.tryValidate({
      ...record.values,
      notes: record.values.notes || null,
    })
    if (error)
      errors.push({
        row: record.row,
        message: rowMessage(error),
      })
    else rows.push(value)
  }
  if (errors.length || rows.length === 0) {
    return {
      imported: 0,
      errors: errors.length ? errors : [{ row: 2, message: 'The file has no threads.' }],
    }
  }
  return withAction(user, 'import', async (trx, log) => {
    let key = await backKey(trx, user.id)
    const inserted = await trx
      .table('threads')
      .insert(
        rows.map((row) => {
          const active = row.issues_remaining > 0
          const values = {
            user_id: user.id,
            title: row.title,
            format: row.format,
            issues_remaining: row.issues_remaining,
            notes: row.notes ?? null,
            status: active ? 'active' : 'completed',
            sort_key: active ? key : null,
          }
          if (active) key += GAP
          return values
        })
      )
      .returning('id')
    for (const row of inserted) log.createdThread(Number(row.id))
    log.describe(`Import of ${rows.length} threads`)
    return { imported: rows.length, errors: [] as RowError[] }
  })
}

/** Review links from CSV (thread_id, review_url, review_timestamp). All rows or none. */
export async function importReviewsCsv(user: User, text: string) {
  const { keys, records } = csvRecords(text)
  const missing = ['thread_id', 'review_url', 'review_timestamp'].filter(
    (key) => !keys.includes(key)
  )
  if (missing.length)
    return {
      imported: 0,
      errors: [{ row: 1, message: `Missing column(s): ${missing.join(', ')}.` }],
    }
  const errors: RowError[] = []
  const rows: Array<{ row: number; threadId: number; url: string; at: DateTime }> = []
  for (const record of records) {
    const [error, value] = await reviewRowValidator.tryValidate(record.values)
    if (error) errors.push({ row: record.row, message: rowMessage(error) })
    else
      rows.push({
        row: record.row,
        threadId: value.thread_id,
        url: value.review_url,
        at: DateTime.fromISO(value.review_timestamp, { zone: 'utc' }),
      })
  }
  if (errors.length) return { imported: 0, errors }
  return withAction(user, 'import', async (trx, log) => {
    const threads = await Thread.query({ client: trx })
      .withScopes((scope) => scope.ownedBy(user))
      .whereIn(
        'id',
        rows.map((r) => r.threadId)
      )
      .select(
        'threads.*',
        trx.raw(
          `CASE WHEN status = 'active' THEN (SELECT count(*) FROM threads o WHERE o.user_id = threads.user_id
             AND o.status = 'active' AND o.sort_key < threads.sort_key) + 1 END AS rank`
        )
      )
    const byId = new Map(threads.map((thread) => [thread.id, thread]))
    const unknown = rows
      .filter((r) => !byId.has(r.threadId))
      .map((r) => ({ row: r.row, message: `Thread ${r.threadId} is not in your pile.` }))
    if (unknown.length) throw Object.assign(new Error('unknown threads'), { rowErrors: unknown })
    for (const thread of threads) {
      await log.thread(thread, {
        position: thread.$extras.rank === null ? null : Number(thread.$extras.rank),
      })
    }
    const latest = new Map(rows.map((r) => [r.threadId, r]))
    await trx.rawQuery(
      `UPDATE threads SET review_url = v.url, last_review_at = v.at::timestamptz, updated_at = now()
         FROM (VALUES ${[...latest.values()].map(() => '(?::int, ?, ?)').join(', ')}) AS v(id, url, at)
        WHERE threads.id = v.id AND threads.user_id = ?`,
      [...[...latest.values()].flatMap((r) => [r.threadId, r.url, r.at.toISO()!]), user.id]
    )
    log.describe(`Import of ${rows.length} reviews`)
    return { imported: rows.length, errors: [] as RowError[] }
  }).catch((error) => {
    if (error.rowErrors) return { imported: 0, errors: error.rowErrors as RowError[] }
    throw error
  })
}

const time = (value: string | null | undefined) => {
  if (!value) return null
  const parsed = DateTime.fromISO(value, { zone: 'utc' })
  return parsed.isValid ? parsed.toSQL() : null
}

/** Parses an uploaded export; text that is not JSON is a 422 on `file`. */
export function parseExport(text: string): unknown {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw AppError.invalid('The file is not valid JSON.', 'file', 'json')
  }
  const nul = findNulField(data)
  if (nul !== null) {
    throw AppError.invalid(`${nul} holds a NUL character, which cannot be stored.`, 'file', 'nul')
  }
  return data
}

/** Restores this app's own JSON export into the reader's account (new ids, same order and history). */
export async function importJson(user: User, data: unknown) {
  const [error, exported] = await exportValidator.tryValidate(data)
  if (error) {
    throw AppError.invalid(
      `This is not a Comic Pile export: ${error.messages[0]?.field} — ${error.messages[0]?.message}`,
      'file',
      'format'
    )
  }
  return withAction(user, 'import', async (trx, log) => {
    const threadIds = new Map<number, number>()
    const ordered = [...exported.threads].sort(
      (a, b) => (a.position ?? Infinity) - (b.position ?? Infinity)
    )
    let key = await backKey(trx, user.id)
    for (const t of ordered) {
      const active = t.status === 'active' && t.issues_remaining > 0
      const [row] = await trx
        .table('threads')
        .insert({
          user_id: user.id,
          title: t.title,
          format: t.format,
          issues_remaining: t.issues_remaining,
          status: active ? 'active' : 'completed',
          sort_key: active ? key : null,
          notes: t.notes ?? null,
          review_url: t.review_url ?? null,
          last_review_at: time(t.last_review_at),
          last_rating: t.last_rating ?? null,
          last_activity_at: time(t.last_activity_at),
          created_at: time(t.created_at) ?? DateTime.utc().toSQL(),
        })
        .returning('id')
      if (active) key += GAP
      threadIds.set(t.id, Number(row.id))
      log.createdThread(Number(row.id))
    }
    const hasOpen = Boolean(
      await trx.from('reading_sessions').where('user_id', user.id).whereNull('ended_at').first()
    )
    const oneOpen = !hasOpen && exported.sessions.filter((s) => !s.ended_at).length === 1
    const sessionIds = new Map<number, number>()
    for (const s of exported.sessions) {
      const keepOpen = oneOpen && !s.ended_at
      const [row] = await trx
        .table('reading_sessions')
        .insert({
          user_id: user.id,
          started_at: time(s.started_at),
          ended_at: keepOpen
            ? null
            : (time(s.ended_at) ?? time(s.last_activity_at) ?? time(s.started_at)),
          last_activity_at: time(s.last_activity_at) ?? time(s.started_at),
          start_die: s.start_die,
          current_die: s.current_die,
          manual_die: s.manual_die ?? null,
          pending_thread_id: s.pending_thread_id
            ? (threadIds.get(s.pending_thread_id) ?? null)
            : null,
        })
        .returning('id')
      sessionIds.set(s.id, Number(row.id))
      log.createdSession(Number(row.id))
    }
    const events = exported.events.map((e) => ({
      user_id: user.id,
      session_id: e.session_id ? (sessionIds.get(e.session_id) ?? null) : null,
      type: e.type,
      thread_id: e.thread_id ? (threadIds.get(e.thread_id) ?? null) : null,
      thread_title: e.thread_title ?? null,
      die: e.die ?? null,
      result: e.result ?? null,
      selection_method: e.selection_method ?? null,
      rating: e.rating ?? null,
      issues_read: e.issues_read ?? null,
      die_after: e.die_after ?? null,
      queue_move: e.queue_move ?? null,
      from_position: e.from_position ?? null,
      to_position: e.to_position ?? null,
      completed: e.completed ?? false,
      undone: e.undone ?? false,
      created_at: time(e.created_at) ?? DateTime.utc().toSQL(),
    }))
    for (let i = 0; i < events.length; i += 1000) {
      const inserted = await trx
        .table('events')
        .insert(events.slice(i, i + 1000))
        .returning('id')
      for (const row of inserted) log.event(Number(row.id))
    }
    log.describe(`Import of ${exported.threads.length} threads from a JSON export`)
    return {
      threads: exported.threads.length,
      sessions: exported.sessions.length,
      events: events.length,
    }
  })
}
