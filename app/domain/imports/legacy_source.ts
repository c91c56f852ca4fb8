import { arrivingState, sourceSaysCompleted } from '#domain/thread_state'
import pg from 'pg'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { isDie } from '#domain/ladder'
import type { ImportPlan, Ref } from '#domain/imports/plan'
import { emptyPlan } from '#domain/imports/plan'
import {
  exportEventValidator,
  exportSessionValidator,
  exportThreadValidator,
} from '#validators/imports'

/** users.id of the reader in the earlier app's database. */
const LEGACY_SOURCE_USER = 1

interface LegacyThread {
  id: number
  title: string
  format: string
  issues_remaining: number | null
  queue_position: number
  status: string | null
  last_rating: number | null
  last_activity_at: Date | null
  review_url: string | null
  last_review_at: Date | null
  notes: string | null
  created_at: Date | null
}

interface LegacySession {
  id: number
  started_at: Date | null
  ended_at: Date | null
  start_die: number | null
  manual_die: number | null
  pending_thread_id: number | null
  pending_thread_updated_at: Date | null
}

interface LegacyEvent {
  id: number
  type: string
  timestamp: Date | null
  die: number | null
  result: number | null
  selected_thread_id: number | null
  selection_method: string | null
  rating: number | null
  issues_read: number | null
  queue_move: string | null
  die_after: number | null
  session_id: number | null
  thread_id: number | null
}

export interface LegacyData {
  threads: LegacyThread[]
  sessions: LegacySession[]
  events: LegacyEvent[]
}

/** Legacy ids already imported for the reader, by table, with their ids here. */
export interface AlreadyImported {
  threads: Map<number, number>
  sessions: Map<number, number>
  events: Set<number>
}

export interface LegacySkipped {
  threads: number
  sessions: number
  events: number
}

const time = (value: Date | null | undefined) =>
  value ? DateTime.fromJSDate(value).toUTC().toISO() : null

/**
 * The first of `fields` of a legacy row that holds a time this app cannot keep (infinity,
 * a year past 9999 or before 1900, a date JavaScript cannot hold), if any.
 */
function badTime(row: Record<string, unknown>, fields: string[]) {
  return fields.find((field) => {
    const value = row[field]
    if (value === null || value === undefined) return false
    const at = value instanceof Date ? DateTime.fromJSDate(value) : null
    return !at?.isValid || at.year < 1900 || at.year > 9999
  })
}
const die = (value: number | null | undefined, fallback: number | null = null) =>
  isDie(value) ? value : fallback

/** What of the earlier app's reader is already in `userId`'s account, by legacy id. */
export async function alreadyImported(userId: number): Promise<AlreadyImported> {
  const ids = (table: string) =>
    db
      .from(table)
      .where('user_id', userId)
      .whereNotNull('legacy_id')
      .select('id', 'legacy_id') as Promise<Array<{ id: number; legacy_id: number }>>
  const [threads, sessions, events] = await Promise.all([
    ids('threads'),
    ids('reading_sessions'),
    ids('events'),
  ])
  return {
    threads: new Map(threads.map((row) => [Number(row.legacy_id), Number(row.id)])),
    sessions: new Map(sessions.map((row) => [Number(row.legacy_id), Number(row.id)])),
    events: new Set(events.map((row) => Number(row.legacy_id))),
  }
}

/** Reads the earlier app's reader (users.id = 1) in one read-only snapshot. */
export async function readLegacy(url: string): Promise<LegacyData> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    await client.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY')
    const threads = await client.query<LegacyThread>(
      `SELECT id, title, format, issues_remaining, queue_position, status, last_rating, last_activity_at,
              review_url, last_review_at, notes, created_at
         FROM threads WHERE user_id = $1 ORDER BY (status = 'completed'), queue_position, id`,
      [LEGACY_SOURCE_USER]
    )
    const sessions = await client.query<LegacySession>(
      `SELECT id, started_at, ended_at, start_die, manual_die, pending_thread_id, pending_thread_updated_at
         FROM sessions WHERE user_id = $1 ORDER BY started_at NULLS FIRST, id`,
      [LEGACY_SOURCE_USER]
    )
    const events = await client.query<LegacyEvent>(
      `SELECT e.id, e.type, e.timestamp, e.die, e.result, e.selected_thread_id, e.selection_method, e.rating,
              e.issues_read, e.queue_move, e.die_after, e.session_id, e.thread_id
         FROM events e JOIN sessions s ON s.id = e.session_id
        WHERE s.user_id = $1 ORDER BY e.session_id, e.timestamp NULLS FIRST, e.id`,
      [LEGACY_SOURCE_USER]
    )
    await client.query('COMMIT')
    return { threads: threads.rows, sessions: sessions.rows, events: events.rows }
  } finally {
    await client.end()
  }
}

/** A legacy row the app's own rules refuse: reported, never stored. */
export interface LegacyRefusal {
  table: 'threads' | 'sessions' | 'events'
  legacyId: number
  message: string
}

/** The first message of a validator's refusal, with its field. */
async function refusalOf(validator: { validate(data: unknown): Promise<unknown> }, data: object) {
  try {
    await validator.validate(data)
    return null
  } catch (error) {
    const [first] =
      (error as { messages?: Array<{ field: string; message: string }> }).messages ?? []
    return first ? `${first.field}: ${first.message}` : 'not a value this app can keep'
  }
}

/**
 * The legacy rows whose values this app's import rules accept (the validators of its
 * JSON import, as the API checks them); each other row is reported with why, and not
 * stored. A refused session takes its events with it; an event of a refused thread
 * keeps its title and points at no thread.
 */
export async function screenLegacy(
  legacy: LegacyData
): Promise<{ accepted: LegacyData; refused: LegacyRefusal[] }> {
  const refused: LegacyRefusal[] = []
  const keep = async <T extends { id: number }>(
    table: LegacyRefusal['table'],
    rows: T[],
    validator: { validate(data: unknown): Promise<unknown> },
    shape: (row: T) => object,
    times: string[]
  ) => {
    const kept: T[] = []
    for (const row of rows) {
      const wrongTime = badTime(row as unknown as Record<string, unknown>, times)
      const message = wrongTime
        ? `${wrongTime}: not a time this app can keep (between 1900 and 9999)`
        : await refusalOf(validator, shape(row))
      if (message) refused.push({ table, legacyId: row.id, message })
      else kept.push(row)
    }
    return kept
  }
  const threads = await keep(
    'threads',
    legacy.threads,
    exportThreadValidator,
    (t) => ({
      id: t.id,
      title: t.title,
      format: t.format || 'Issue',
      issues_remaining: Math.max(0, t.issues_remaining ?? 0),
      status: 'active',
      notes: t.notes,
      review_url: t.review_url,
      last_review_at: time(t.last_review_at),
      last_rating: t.last_rating,
      last_activity_at: time(t.last_activity_at),
      created_at: time(t.created_at),
    }),
    ['last_review_at', 'last_activity_at', 'created_at']
  )
  const sessions = await keep(
    'sessions',
    legacy.sessions,
    exportSessionValidator,
    (s) => ({
      id: s.id,
      started_at: time(s.started_at) ?? DateTime.utc().toISO(),
      ended_at: time(s.ended_at),
      start_die: die(s.start_die, 6),
      current_die: die(s.start_die, 6),
      manual_die: die(s.manual_die),
    }),
    ['started_at', 'ended_at', 'pending_thread_updated_at']
  )
  const sessionIds = new Set(sessions.map((s) => s.id))
  const events = await keep(
    'events',
    legacy.events.filter((e) => e.session_id === null || sessionIds.has(e.session_id)),
    exportEventValidator,
    (e) => ({
      type: e.type.slice(0, 32),
      rating: e.rating,
      issues_read: e.issues_read,
      result: e.result,
      created_at: time(e.timestamp) ?? DateTime.utc().toISO(),
    }),
    ['timestamp']
  )
  const threadIds = new Set(threads.map((t) => t.id))
  const known = (id: number | null) => (id !== null && threadIds.has(id) ? id : null)
  return {
    accepted: {
      threads,
      sessions: sessions.map((s) => ({ ...s, pending_thread_id: known(s.pending_thread_id) })),
      events,
    },
    refused,
  }
}

/**
 * The earlier app's reader as an import: threads (order, status, ratings, notes,
 * review links, times), sessions and events, each keeping its legacy id. What was
 * imported before is passed over (and counted), so importing again adds nothing.
 * `titles` names the threads events point at (those refused too).
 */
export function planLegacy(
  legacy: LegacyData,
  already: AlreadyImported,
  titles = new Map<number, string | null>(legacy.threads.map((t) => [t.id, t.title]))
) {
  const plan: ImportPlan = emptyPlan('Import of the earlier app’s reading')
  const skipped: LegacySkipped = { threads: 0, sessions: 0, events: 0 }
  const threadRefs = new Map<number, Ref>()
  for (const [legacyId, id] of already.threads) threadRefs.set(legacyId, { id })
  for (const thread of legacy.threads) {
    if (already.threads.has(thread.id)) {
      skipped.threads++
      continue
    }
    const remaining = Math.max(0, Math.min(100000, thread.issues_remaining ?? 0))
    threadRefs.set(thread.id, { planned: plan.threads.length })
    plan.threads.push({
      legacyId: thread.id,
      title: thread.title.slice(0, 200),
      format: (thread.format || 'Issue').slice(0, 50),
      issuesRemaining: remaining,
      state: arrivingState(thread.status, remaining),
      notes: thread.notes,
      reviewUrl: thread.review_url,
      lastReviewAt: time(thread.last_review_at),
      lastRating: thread.last_rating,
      lastActivityAt: time(thread.last_activity_at),
      createdAt: time(thread.created_at),
    })
  }

  const sessionRefs = new Map<number, Ref>()
  for (const [legacyId, id] of already.sessions) sessionRefs.set(legacyId, { id })
  const eventsBySession = Map.groupBy(legacy.events, (event) => event.session_id)
  const latest = legacy.sessions.at(-1)
  for (const session of legacy.sessions) {
    if (already.sessions.has(session.id)) {
      skipped.sessions++
      continue
    }
    const events = eventsBySession.get(session.id) ?? []
    const started = session.started_at ?? events[0]?.timestamp ?? new Date()
    const lastActivity = events.reduce(
      (latestSeen, e) => (e.timestamp && e.timestamp > latestSeen ? e.timestamp : latestSeen),
      started
    )
    const rates = events.filter((e) => e.type === 'rate')
    sessionRefs.set(session.id, { planned: plan.sessions.length })
    plan.sessions.push({
      legacyId: session.id,
      startedAt: time(started)!,
      endedAt: time(session.ended_at ?? lastActivity),
      lastActivityAt: time(
        session.ended_at && session.ended_at > lastActivity ? session.ended_at : lastActivity
      )!,
      open: session === latest && !session.ended_at,
      startDie: die(session.start_die, 6)!,
      currentDie: die(rates.at(-1)?.die_after, die(session.start_die, 6))!,
      manualDie: die(session.manual_die),
      pendingThread: session.pending_thread_id
        ? (threadRefs.get(session.pending_thread_id) ?? null)
        : null,
      pendingSince: time(session.pending_thread_updated_at),
    })
  }

  const completedThreads = new Set(
    legacy.threads.filter((t) => sourceSaysCompleted(t.status)).map((t) => t.id)
  )
  const lastRateOf = new Map<number, number>()
  for (const event of legacy.events) {
    const threadId = event.thread_id ?? event.selected_thread_id
    if (event.type === 'rate' && threadId) lastRateOf.set(threadId, event.id)
  }
  for (const [legacySessionId, events] of eventsBySession) {
    let dieInForce: number | null = null
    for (const event of events) {
      if (event.type === 'roll') dieInForce = die(event.die)
      if (already.events.has(event.id)) {
        skipped.events++
        continue
      }
      const legacyThread = event.thread_id ?? event.selected_thread_id
      plan.events.push({
        legacyId: event.id,
        session: legacySessionId === null ? null : (sessionRefs.get(legacySessionId) ?? null),
        thread: legacyThread ? (threadRefs.get(legacyThread) ?? null) : null,
        type: event.type.slice(0, 32),
        threadTitle: legacyThread ? (titles.get(legacyThread) ?? null) : null,
        die: event.type === 'rate' ? die(event.die, dieInForce) : die(event.die),
        result: event.result,
        selectionMethod:
          event.type === 'roll'
            ? event.selection_method === 'override'
              ? 'override'
              : 'random'
            : null,
        rating: event.rating,
        issuesRead: event.issues_read,
        dieAfter: die(event.die_after),
        queueMove:
          event.queue_move === 'front' || event.queue_move === 'back' ? event.queue_move : null,
        fromPosition: null,
        toPosition: null,
        undone: false,
        completed:
          event.type === 'rate' &&
          completedThreads.has(legacyThread ?? -1) &&
          lastRateOf.get(legacyThread ?? -1) === event.id,
        createdAt: time(event.timestamp) ?? DateTime.utc().toISO()!,
      })
      if (event.type === 'rate') dieInForce = die(event.die_after)
    }
  }
  return { plan, skipped }
}
