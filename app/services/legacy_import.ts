import pg from 'pg'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import User from '#models/user'
import { AppError } from '#exceptions/app_error'
import { GAP, backKey } from '#domain/queue'
import { isDie } from '#domain/ladder'
import { LEGACY_USER_ID, findByEmail } from '#services/account_service'
import { bumpStateVersion } from '#domain/user_lock'

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

export interface ImportCounts {
  threads: number
  sessions: number
  events: number
  skipped: { threads: number; sessions: number; events: number }
}

const time = (value: Date | null | undefined) =>
  value ? DateTime.fromJSDate(value).toUTC().toSQL() : null
const die = (value: number | null | undefined, fallback: number | null = null) =>
  isDie(value) ? value : fallback

async function readLegacy(url: string) {
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

/** The reader to import into: an account by email, else users.id = 1 (created unclaimed). */
async function targetUser(trx: TransactionClientContract, email?: string) {
  if (email) {
    const user = await findByEmail(email, trx)
    if (!user) throw AppError.notFound(`No account with the email ${email}.`)
    return user
  }
  const existing = await User.query({ client: trx }).where('id', LEGACY_USER_ID).forUpdate().first()
  if (existing) return existing
  await trx
    .table('users')
    .insert({ id: LEGACY_USER_ID, email: null, password: null, is_admin: false })
  await trx.rawQuery(`SELECT setval('users_id_seq', GREATEST((SELECT max(id) FROM users), 1))`)
  return User.query({ client: trx }).where('id', LEGACY_USER_ID).firstOrFail()
}

/** Ids already imported for this reader, by legacy id. */
async function imported(trx: TransactionClientContract, table: string, userId: number) {
  const rows = await trx
    .from(table)
    .where('user_id', userId)
    .whereNotNull('legacy_id')
    .select('id', 'legacy_id')
  return new Map<number, number>(rows.map((row) => [Number(row.legacy_id), Number(row.id)]))
}

/**
 * Imports the reader of an earlier comic-pile database: threads (order, status,
 * ratings, notes, review links, timestamps), sessions and events. One transaction;
 * running it again imports nothing new.
 */
export async function importLegacyDatabase(
  url: string,
  options: { email?: string; progress?: (line: string) => void } = {}
): Promise<ImportCounts & { userId: number }> {
  const progress = options.progress ?? (() => {})
  const legacy = await readLegacy(url)
  progress(
    `read ${legacy.threads.length} threads, ${legacy.sessions.length} sessions, ${legacy.events.length} events`
  )

  return db.transaction(async (trx) => {
    const user = await targetUser(trx, options.email)
    // Locks the reader like an action does, and records that their state changes.
    await bumpStateVersion(trx, user.id)
    const counts: ImportCounts = {
      threads: 0,
      sessions: 0,
      events: 0,
      skipped: { threads: 0, sessions: 0, events: 0 },
    }

    const threadIds = await imported(trx, 'threads', user.id)
    const titles = new Map<number, string>(legacy.threads.map((t) => [t.id, t.title]))
    let nextKey = await backKey(trx, user.id)
    for (const thread of legacy.threads) {
      if (threadIds.has(thread.id)) {
        counts.skipped.threads++
        continue
      }
      const remaining = Math.max(0, Math.min(100000, thread.issues_remaining ?? 0))
      const active = thread.status !== 'completed' && remaining > 0
      const [row] = await trx
        .table('threads')
        .insert({
          user_id: user.id,
          legacy_id: thread.id,
          title: thread.title.slice(0, 200),
          format: (thread.format || 'Issue').slice(0, 50),
          issues_remaining: remaining,
          status: active ? 'active' : 'completed',
          sort_key: active ? nextKey : null,
          last_rating: thread.last_rating,
          last_activity_at: time(thread.last_activity_at),
          review_url: thread.review_url,
          last_review_at: time(thread.last_review_at),
          notes: thread.notes,
          created_at: time(thread.created_at) ?? DateTime.utc().toSQL(),
          updated_at: DateTime.utc().toSQL(),
        })
        .returning('id')
      if (active) nextKey += GAP
      threadIds.set(thread.id, Number(row.id ?? row))
      counts.threads++
    }
    progress(`threads: ${counts.threads} imported, ${counts.skipped.threads} already there`)

    const sessionIds = await imported(trx, 'reading_sessions', user.id)
    const eventsBySession = Map.groupBy(legacy.events, (event) => event.session_id)
    const hasOpen = Boolean(
      await trx.from('reading_sessions').where('user_id', user.id).whereNull('ended_at').first()
    )
    const latest = legacy.sessions.at(-1)
    for (const session of legacy.sessions) {
      if (sessionIds.has(session.id)) {
        counts.skipped.sessions++
        continue
      }
      const events = eventsBySession.get(session.id) ?? []
      const started = session.started_at ?? events[0]?.timestamp ?? new Date()
      const lastActivity = events.reduce(
        (latestSeen, e) => (e.timestamp && e.timestamp > latestSeen ? e.timestamp : latestSeen),
        started
      )
      const rates = events.filter((e) => e.type === 'rate')
      const keepOpen = session === latest && !session.ended_at && !hasOpen
      const [row] = await trx
        .table('reading_sessions')
        .insert({
          user_id: user.id,
          legacy_id: session.id,
          started_at: time(started),
          ended_at: keepOpen ? null : time(session.ended_at ?? lastActivity),
          last_activity_at: time(
            session.ended_at && session.ended_at > lastActivity ? session.ended_at : lastActivity
          ),
          start_die: die(session.start_die, 6),
          current_die: die(rates.at(-1)?.die_after, die(session.start_die, 6)),
          manual_die: die(session.manual_die),
          pending_thread_id: session.pending_thread_id
            ? (threadIds.get(session.pending_thread_id) ?? null)
            : null,
          pending_since: time(session.pending_thread_updated_at),
        })
        .returning('id')
      sessionIds.set(session.id, Number(row.id ?? row))
      counts.sessions++
    }
    progress(`sessions: ${counts.sessions} imported, ${counts.skipped.sessions} already there`)

    const eventIds = await imported(trx, 'events', user.id)
    const completedThreads = new Set(
      legacy.threads.filter((t) => t.status === 'completed').map((t) => t.id)
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
        if (eventIds.has(event.id)) {
          counts.skipped.events++
          continue
        }
        const legacyThread = event.thread_id ?? event.selected_thread_id
        await trx.table('events').insert({
          user_id: user.id,
          legacy_id: event.id,
          session_id: legacySessionId === null ? null : (sessionIds.get(legacySessionId) ?? null),
          type: event.type.slice(0, 32),
          thread_id: legacyThread ? (threadIds.get(legacyThread) ?? null) : null,
          thread_title: legacyThread ? (titles.get(legacyThread) ?? null) : null,
          die: event.type === 'rate' ? die(event.die, dieInForce) : die(event.die),
          result: event.result,
          selection_method:
            event.type === 'roll'
              ? event.selection_method === 'override'
                ? 'override'
                : 'random'
              : null,
          rating: event.rating,
          issues_read: event.issues_read,
          die_after: die(event.die_after),
          queue_move:
            event.queue_move === 'front' || event.queue_move === 'back' ? event.queue_move : null,
          undone: false,
          completed:
            event.type === 'rate' &&
            completedThreads.has(legacyThread ?? -1) &&
            lastRateOf.get(legacyThread ?? -1) === event.id,
          created_at: time(event.timestamp) ?? DateTime.utc().toSQL(),
        })
        if (event.type === 'rate') dieInForce = die(event.die_after)
        counts.events++
      }
    }
    progress(`events: ${counts.events} imported, ${counts.skipped.events} already there`)
    return { ...counts, userId: user.id }
  })
}
