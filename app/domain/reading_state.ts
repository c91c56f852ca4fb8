/**
 * The reading state, read side: a reader's latest session with its ladder, the top of
 * the queue and the roll pool, the pending read, the action "Undo" would undo. This
 * module owns the SQL that reads them (pages, the API and the actions' locking
 * statement alike) and maps its rows, named `s.`, `t.` and `p.` + column, to models.
 */
import { DateTime } from 'luxon'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import Thread from '#models/thread'
import ReadingSession from '#models/reading_session'
import { ownerId } from '#models/owner'
import { isCurrent } from '#domain/session_clock'
import { rollPool } from '#domain/roll_pool'
import { sessionSettings } from '#domain/reader_settings'
import { TOUCHED_AT, pickQueueFacts, positionOf, queueFactColumns } from '#domain/queue'
import { inQueueSql } from '#domain/thread_state'
import { readTogether } from '#services/reads_together'
import { type HeldBack, type OrderNext, NO_ORDER_FACTS, orderFacts } from '#domain/orders/reading'
import { factsAt, keepFacts } from '#domain/orders/facts_cache'
import { fitsFilterSql } from '#domain/tonight_filter'
import {
  columnsOf,
  pickPrefixed,
  preparedQuery,
  statementText,
} from '#services/prepared_statements'

type Row = Record<string, unknown>

/** A session with what the pages and the API show of it. */
export interface SessionView {
  session: ReadingSession
  ladderPath: number[]
  pending: Thread | null
  /** The threads snoozed in the session, in the order they were snoozed. */
  snoozed: SnoozedThread[]
  /** The reader's orders not done, with their next entries (none for a reader without orders). */
  orders?: OrderNext[]
  /** The threads strict orders hold back from the roll pool. */
  heldBack?: HeldBack[]
  /** The issue the pending read is of, when it was picked from an order's entry. */
  pendingIssue?: { id: number; number: string } | null
}

export interface SnoozedThread {
  id: number
  title: string
}

/**
 * The threads snoozed in `session` (those that still exist), in the order they were
 * snoozed: from `loaded` queue rows when they are all there, else in one query.
 */
async function snoozedOf(
  client: QueryClientContract,
  session: ReadingSession,
  loaded: Row[] = []
): Promise<SnoozedThread[]> {
  const ids = session.snoozedThreadIds ?? []
  if (ids.length === 0) return []
  const titles = new Map(loaded.map((row) => [Number(row['t.id']), String(row['t.title'])]))
  if (!ids.every((id) => titles.has(id))) {
    const rows = await client
      .from('threads')
      .where('user_id', session.userId)
      .whereIn('id', ids)
      .select('id', 'title')
    for (const row of rows) titles.set(Number(row.id), row.title)
  }
  return ids.filter((id) => titles.has(id)).map((id) => ({ id, title: titles.get(id)! }))
}

/** The action "Undo" would undo now, as the button names it. */
export interface Undoable {
  id: number
  description: string
}

/* ---- SQL and its rows ---------------------------------------------------------------- */

/** The dice a session's live ratings stepped to, in order, as the column `ladder`. */
const LADDER_COLUMN = `ARRAY(SELECT e.die_after FROM events e
  WHERE e.user_id = reading_sessions.user_id AND e.session_id = reading_sessions.id
    AND e.type = 'rate' AND NOT e.undone ORDER BY e.id) AS ladder`

/** What "Undo" would undo now, as one column (`undoable`) of a query on the reader's sessions. */
const UNDOABLE_COLUMN = `(SELECT json_build_object('id', u.id, 'description', u.description)
  FROM undo_snapshots u WHERE u.user_id = reading_sessions.user_id AND u.undone_at IS NULL
  ORDER BY u.id DESC LIMIT 1) AS undoable`

/**
 * The reader's open session, else their latest one (for a pending read left from an
 * earlier evening), with its ladder (one binding: the owner). With `prefix`, its
 * columns are named `prefix` + name (the ladder and extra columns keep theirs).
 */
function latestSessionText(extraColumns: string[], prefix?: string) {
  const columns = [...columnsOf(ReadingSession, 'reading_sessions', prefix), LADDER_COLUMN]
  return `SELECT ${[...columns, ...extraColumns].join(', ')}
    FROM (SELECT * FROM reading_sessions WHERE user_id = ?
           ORDER BY ended_at IS NULL DESC, id DESC LIMIT 1) AS reading_sessions`
}

/**
 * SQL for how much of the queue to load so that the pool is there whichever die is in
 * force (see `poolNeed` of roll_pool.ts): the faces of the session's die (its manual
 * pick, else its ladder rung) or of a new session's start die (its one binding), and as
 * many more as the session has snoozed. `column` names a column of the session.
 */
const poolNeedSql = (column: (name: string) => string) =>
  `GREATEST(?::int, coalesce(${column('manual_die')}, ${column('current_die')}, 0))
     + coalesce(cardinality(${column('snoozed_thread_ids')}), 0)`

/**
 * SQL: the reader's queue numbered by position (`queue_position`, from 1), as `threads`,
 * for a filter to pick from without losing the threads' places. One binding: the owner.
 */
const numberedQueueSql = `(SELECT threads.*, row_number() OVER (ORDER BY threads.sort_key) AS queue_position
    FROM threads WHERE threads.user_id = ? AND ${inQueueSql()}) AS threads`

/**
 * SQL: the first `limit` threads of the queue but those held back (an `int[]`), with their
 * positions, as `threads`: the held ones are counted (by id, a hash anti-join), never
 * loaded whole. `guard` is a condition on the queue's rows (true when none). Bindings: the
 * owner, those of `guard` and `limit`, the held ids (twice), those of `limit`.
 */
const topButHeldSql = (limit: string, guard = 'true') =>
  `(SELECT threads.*, kept.queue_position FROM (
      SELECT top.id, top.queue_position FROM (
        SELECT id, row_number() OVER (ORDER BY sort_key) AS queue_position FROM threads
         WHERE user_id = ? AND ${inQueueSql()} AND ${guard}
         ORDER BY sort_key LIMIT ${limit} + cardinality(?::int[])) AS top
      LEFT JOIN unnest(?::int[]) AS held(id) ON held.id = top.id
      WHERE held.id IS NULL ORDER BY top.queue_position LIMIT ${limit}) AS kept
    JOIN threads ON threads.id = kept.id) AS threads`

/**
 * The top of the queue, enough for the die (`pick` 'pool'; the latest session is `s`); where
 * reading orders hold threads back, the same but those, with their positions (the held
 * ones counted, not loaded); when the open session has tonight's filter, as many of the
 * threads that fit it, with their positions (`pick` 'fit'; for a reader without a filter
 * that branch reads nothing); and the active thread untouched longest if that is before a
 * cutoff (`pick` 'stale'). Their columns are named 't.' + name. Bindings: the owner, the
 * held ids, the start die (the pool); the owner, the held ids, the start die, the held ids
 * twice, the start die twice (the pool past held threads); the owner, the held ids, the
 * start die (the fit); the owner, the cutoff.
 */
const queueTopText = statementText(() => {
  const columns = columnsOf(Thread, 'threads', 't.').join(', ')
  const need = poolNeedSql((name) => `s."s.${name}"`)
  const fits = fitsFilterSql('threads', 's."s.filter_include_keys"', 's."s.filter_exclude_keys"')
  return `(SELECT ${columns}, NULL::bigint AS queue_position, 'pool' AS pick FROM threads
       WHERE user_id = ? AND ${inQueueSql()} AND cardinality(?::int[]) = 0
       ORDER BY sort_key LIMIT ${need})
     UNION ALL
     (SELECT ${columns}, threads.queue_position, 'pool' AS pick
        FROM ${topButHeldSql(need, 'cardinality(?::int[]) > 0')}
       ORDER BY threads.queue_position LIMIT ${need})
     UNION ALL
     (SELECT ${columns}, threads.queue_position, 'fit' AS pick FROM ${numberedQueueSql}
       WHERE s."s.filter_include_keys" IS NOT NULL AND s."s.ended_at" IS NULL AND ${fits}
         AND threads.id NOT IN (SELECT unnest(?::int[]))
       ORDER BY threads.sort_key LIMIT ${need})
     UNION ALL
     (SELECT ${columns}, NULL::bigint, 'stale' AS pick FROM threads
       WHERE user_id = ? AND ${inQueueSql()} AND ${TOUCHED_AT} <= ?
       ORDER BY ${TOUCHED_AT} LIMIT 1)`
})

/** A session from a row whose columns are named `prefix` + name, with its ladder and undoable. */
function sessionFromRow(row: Row, prefix: string) {
  if (!row[`${prefix}id`]) return null
  return ReadingSession.$createFromAdapterResult({
    ...pickPrefixed(row, prefix),
    ladder: row.ladder,
    undoable: row.undoable,
  })!
}

const threadFromRow = (row: Row, prefix: string) =>
  Thread.$createFromAdapterResult(pickPrefixed(row, prefix))!

/** The ladder of a session as loaded with it, or null when it was loaded without. */
function loadedLadder(session: ReadingSession): number[] | null {
  const ladder = session.$extras.ladder as unknown[] | undefined
  return ladder ? ladder.map(Number) : null
}

/** Records a live rating's die on the ladder loaded with the session (if it was). */
export function stepLoadedLadder(session: ReadingSession, die: number) {
  const ladder = session.$extras.ladder as unknown[] | undefined
  ladder?.push(die)
}

/** A new session's (empty) ladder, as if loaded with it. */
export function startLadder(session: ReadingSession) {
  session.$extras.ladder = []
}

/**
 * The top of the queue as loaded rows (named 't.' + column, in queue order), made into
 * threads with their positions only as they are asked for: a read loads enough for any
 * die that may be in force (`poolNeed`) and uses what that die needs. Rows that fit
 * tonight's filter carry their positions (`queue_position`); the others are the top itself.
 */
export class QueueTop {
  #threads: Thread[] = []

  constructor(private rows: Row[]) {}

  #at(index: number) {
    this.#threads[index] ??= Object.assign(threadFromRow(this.rows[index], 't.'), {
      position: Number(this.rows[index].queue_position ?? index + 1),
    })
    return this.#threads[index]
  }

  /** The roll pool of `die`: the first threads, in order, but those `snoozed`. */
  pool(die: number, snoozed: readonly number[] = []) {
    const indices = rollPool(
      this.rows.map((_, index) => index),
      die,
      (index) => snoozed.includes(Number(this.rows[index]['t.id']))
    )
    return indices.map((index) => this.#at(index))
  }

  /** The thread `id`, if it is among the rows. */
  find(id: number | null) {
    const index = this.rows.findIndex((row) => id !== null && row['t.id'] === id)
    return index < 0 ? undefined : this.#at(index)
  }
}

/* ---- The actions' locking statement -------------------------------------------------- */

/** What an action may load together with the lock, beside the open session. */
export interface LockLoad {
  /** The top of the queue, enough for the die (see `poolNeed`), given the reader's start die. */
  pool?: { startDie: number }
  /** The open session's pending thread with its queue facts (see `queueFactColumns`). */
  pending?: { countActive: boolean }
}

/** The reader's state as loaded under the lock. */
export interface LockedReader {
  open: ReadingSession | null
  /** The top of the queue in order, with positions (when asked for). */
  pool?: QueueTop
  /** The open session's pending thread with its queue facts (when asked for). */
  pending?: Thread | null
  /** The reader's state version under the lock. */
  version?: number
  /** The month of the reader's latest change, in their time zone (see pile_months.ts). */
  pileMonth?: string | null
  /** The reader's time zone. */
  timeZone?: string
}

/**
 * The statement that locks the reader's row (`FOR UPDATE`) and loads their open session
 * with its ladder and what `load` asks for. Its rows tell the state version it locked
 * (`locked_version`) and the one its snapshot saw (`seen_version`).
 */
export function lockStatement(userId: number, load: LockLoad) {
  const columns = [
    'users.state_version AS locked_version',
    '(SELECT u.state_version FROM users u WHERE u.id = ?) AS seen_version',
    'users.pile_month AS locked_pile_month',
    'users.time_zone AS locked_time_zone',
  ]
  const session = [
    ...columnsOf(ReadingSession, 'reading_sessions', 's.'),
    'reading_sessions.ladder',
  ]
  // With the pool, the session's columns come on its first row only (see `readLatest`).
  columns.push(
    ...(load.pool
      ? session.map((column) => {
          const [value, name = 'ladder'] = column.split(' AS ')
          return `CASE WHEN pool.n IS NULL OR pool.n = 1 THEN ${value} END AS ${name}`
        })
      : session)
  )
  const bindings: unknown[] = [userId]
  let joins = ''
  if (load.pool) {
    columns.push(...columnsOf(Thread, 'pool', 't.'))
    const need = poolNeedSql((name) => `reading_sessions.${name}`)
    joins += ` LEFT JOIN LATERAL (SELECT *, row_number() OVER (ORDER BY threads.sort_key) AS n
      FROM threads WHERE threads.user_id = users.id
      AND ${inQueueSql()} ORDER BY threads.sort_key LIMIT ${need}) AS pool ON true`
    bindings.push(load.pool.startDie)
  } else if (load.pending) {
    columns.push(...columnsOf(Thread, 'threads', 'p.'))
    for (const [fact, factBindings] of queueFactColumns(load.pending.countActive)) {
      columns.push(fact)
      bindings.push(...factBindings)
    }
    joins += ` LEFT JOIN threads ON threads.id = reading_sessions.pending_thread_id
      AND threads.user_id = users.id`
  }
  const sql = `SELECT ${columns.join(', ')}
    FROM users LEFT JOIN LATERAL (SELECT reading_sessions.*, ${LADDER_COLUMN} FROM reading_sessions
      WHERE reading_sessions.user_id = users.id AND reading_sessions.ended_at IS NULL
      LIMIT 1) AS reading_sessions ON true${joins}
   WHERE users.id = ?${load.pool ? ' ORDER BY pool.sort_key' : ''} FOR UPDATE OF users`
  bindings.push(userId)
  return { sql, bindings }
}

/** Whether another action committed between the locking statement's snapshot and its lock. */
export function lockedStale(rows: Row[]) {
  return Boolean(rows[0]) && String(rows[0].locked_version) !== String(rows[0].seen_version)
}

/** The state the locking statement loaded (see `lockStatement`). */
export function lockedReaderFrom(rows: Row[], load: LockLoad): LockedReader {
  const first = rows[0] ?? {}
  const locked: LockedReader = {
    open: sessionFromRow(first, 's.'),
    version: first.locked_version === undefined ? undefined : Number(first.locked_version),
    pileMonth: (first.locked_pile_month as string | null | undefined) ?? null,
    timeZone: (first.locked_time_zone as string | null | undefined) ?? 'UTC',
  }
  if (load.pool) locked.pool = new QueueTop(rows.filter((row) => row['t.id']))
  if (load.pending) {
    locked.pending = first['p.id']
      ? Thread.$createFromAdapterResult({ ...pickPrefixed(first, 'p.'), ...pickQueueFacts(first) })!
      : null
  }
  return locked
}

/* ---- Reads --------------------------------------------------------------------------- */

/** Whether a session is still the reader's current one (open, active within their gap). */
function isSessionCurrent(session: ReadingSession, user: User, now = DateTime.utc()) {
  return isCurrent(session, sessionSettings(user).gapHours, now.toMillis())
}

/** The open session, if still current. Reading never creates or ends anything. */
export async function findCurrentSession(
  client: QueryClientContract,
  user: User,
  now = DateTime.utc()
) {
  const session = await ReadingSession.query({ client })
    .withScopes((s) => s.ownedBy(user))
    .whereNull('ended_at')
    .first()
  return session && isSessionCurrent(session, user, now) ? session : null
}

export async function ladderPath(client: QueryClientContract, session: ReadingSession) {
  const loaded = loadedLadder(session)
  if (loaded) return [session.startDie, ...loaded]
  const rows = await client
    .from('events')
    .where({ user_id: session.userId, session_id: session.id, type: 'rate', undone: false })
    .orderBy('id')
    .select('die_after')
  return [session.startDie, ...rows.map((row) => Number(row.die_after))]
}

/** A reader's thread by id, with its queue position (null when gone or none). */
async function findPending(client: QueryClientContract, userId: number, id: number | null) {
  if (!id) return null
  const pending = await Thread.query({ client })
    .withScopes((s) => s.ownedBy(userId))
    .where('id', id)
    .first()
  if (pending) pending.position = await positionOf(client, pending)
  return pending
}

/** The issue a pending read carries (picked from an order's entry), if it still exists. */
async function pendingIssueOf(client: QueryClientContract, session: ReadingSession) {
  if (!session.pendingIssueId || !session.pendingThreadId) return null
  const row = await client
    .from('issues')
    .where({ id: session.pendingIssueId, user_id: session.userId })
    .select('id', 'number')
    .first()
  return row ? { id: Number(row.id), number: String(row.number) } : null
}

/**
 * What the reader's orders tell the session: asked only of a reader who keeps some, and
 * read from the facts kept for `version` (the reader's state version) when there are.
 */
export async function orderFactsFor(
  client: QueryClientContract,
  user: Pick<User, 'id' | 'ordersCount'>,
  version?: number
) {
  if (user.ordersCount <= 0) return NO_ORDER_FACTS
  const kept = factsAt(user.id, version)
  if (kept) return kept
  const facts = await orderFacts(client, user.id)
  if (version !== undefined) keepFacts(user.id, version, facts)
  return facts
}

/**
 * A session's view for its reader: its ladder and pending read (see `viewOf`), and, for
 * a reader who keeps reading orders, what they tell (`facts`, when already read).
 */
export async function viewFor(
  client: QueryClientContract,
  user: Pick<User, 'id' | 'ordersCount'>,
  session: ReadingSession,
  known?: Thread,
  facts?: Awaited<ReturnType<typeof orderFacts>>
): Promise<SessionView> {
  const view = await viewOf(client, session, known)
  if (user.ordersCount <= 0 && !session.pendingIssueId) return view
  const { orders, heldBack } = facts ?? (await orderFactsFor(client, user))
  return { ...view, orders, heldBack, pendingIssue: await pendingIssueOf(client, session) }
}

/**
 * The top of the queue (`limit` threads, in order), as rows named 't.' + column, with
 * their positions, but the threads strict orders hold back (`held`, counted in the
 * positions); with a filter's keys (tonight's), the first `limit` threads that fit it.
 */
export async function queueTopOf(
  client: QueryClientContract,
  userId: number,
  limit: number,
  filter: { include: string[]; exclude: string[] } | null = null,
  held: number[] = []
) {
  const columns = columnsOf(Thread, 'threads', 't.').join(', ')
  if (filter) {
    const fits = fitsFilterSql('threads', '?::text[]', '?::text[]')
    const { rows } = await preparedQuery(
      client,
      `SELECT ${columns}, threads.queue_position FROM ${numberedQueueSql}
        WHERE ${fits} AND threads.id NOT IN (SELECT unnest(?::int[]))
        ORDER BY threads.sort_key LIMIT ?`,
      [userId, filter.include, filter.include, filter.exclude, held, limit]
    )
    return new QueueTop(rows)
  }
  const { rows } = await preparedQuery(
    client,
    `SELECT ${columns}, threads.queue_position FROM ${topButHeldSql('?::int')}
      ORDER BY threads.queue_position LIMIT ?`,
    [userId, limit, held, held, limit, limit]
  )
  return new QueueTop(rows)
}

/** A session with its ladder and pending read (pass the pending thread when already loaded). */
export async function viewOf(
  client: QueryClientContract,
  session: ReadingSession,
  known?: Thread
): Promise<SessionView> {
  const pending =
    known && known.id === session.pendingThreadId
      ? known
      : await findPending(client, session.userId, session.pendingThreadId)
  const [path, snoozed] = await readTogether(client, [
    () => ladderPath(client, session),
    () => snoozedOf(client, session),
  ])
  return { session, ladderPath: path, pending, snoozed }
}

function undoableFrom(value: unknown): Undoable | null {
  const row = value as { id: unknown; description: unknown } | null | undefined
  return row ? { id: Number(row.id), description: String(row.description) } : null
}

/** What "Undo" would undo now (for the button), or null. */
async function latestUndoable(client: QueryClientContract, user: User): Promise<Undoable | null> {
  const row = await client
    .from('undo_snapshots')
    .where('user_id', user.id)
    .whereNull('undone_at')
    .orderBy('id', 'desc')
    .select('id', 'description')
    .first()
  return undoableFrom(row)
}

/**
 * The latest session (with the undo button's column when asked) and, in the same
 * statement when `withQueue`, the top of the queue (but the threads `held` back by reading
 * orders) and the thread untouched for `staleDays` (none when null), as rows.
 */
async function readLatest(
  client: QueryClientContract,
  user: User,
  options: { undoable: boolean; withQueue: boolean; staleDays: number | null; held: number[] }
) {
  const extraColumns = options.undoable ? [UNDOABLE_COLUMN] : []
  if (!options.withQueue) {
    const { rows } = await preparedQuery(client, latestSessionText(extraColumns), [ownerId(user)])
    return { latest: rows[0] ? sessionFromRow(rows[0], '') : null, queueTop: [] as Row[] }
  }
  // The session's columns on the first row only: its ladder grows with the evening, and
  // each of the queue rows (dozens where orders hold threads back) would repeat it.
  const sessionColumns = [
    ...columnsOf(ReadingSession, 's', 's.').map((column) => column.split(' AS ')[1]),
    'ladder',
    ...(options.undoable ? ['undoable'] : []),
  ].map((name) => `CASE WHEN row_number() OVER w = 1 THEN s.${name} END AS ${name}`)
  const text = `SELECT ${sessionColumns.join(', ')}, t.* FROM (SELECT 1) AS one
    LEFT JOIN (${latestSessionText(extraColumns, 's.')}) AS s ON true
    LEFT JOIN LATERAL (${queueTopText()}) AS t ON true
    WINDOW w AS (ORDER BY t."t.sort_key", t.pick) ORDER BY t."t.sort_key", t.pick`
  // No cutoff (NULL) matches no thread.
  const cutoff =
    options.staleDays === null ? null : new Date(Date.now() - options.staleDays * 86_400_000)
  const startDie = sessionSettings(user).startDie
  const bindings = [
    ...[user.id, user.id, options.held, startDie],
    ...[user.id, options.held, startDie, options.held, options.held, startDie, startDie],
    ...[user.id, options.held, startDie],
    ...[user.id, cutoff],
  ]
  const { rows } = await preparedQuery(client, text, bindings)
  return {
    latest: sessionFromRow(rows[0] ?? {}, 's.'),
    queueTop: (rows as Row[]).filter((row) => row['t.id']),
  }
}

/**
 * The state the pages and GET /api/session show, in one query (the latest session with
 * the top of the queue; a pending read below the pool, or the undo button of a reader
 * without sessions, cost one more each); never creates a session. `pending` is the read
 * waiting on the current session, or one left on the latest session of an earlier
 * evening; `stalest` the thread untouched `staleDays` or more, when asked.
 */
export async function currentState(
  user: User,
  options: { pool?: boolean; undoable?: boolean; staleDays?: number } = {},
  client: QueryClientContract = db.connection()
) {
  // A reader who keeps orders: strict ones hold threads back, out of the pool like snoozes
  // (their facts mostly kept for the reader's version: no statement).
  const facts =
    options.pool !== false ? await orderFactsFor(client, user, user.stateVersion) : NO_ORDER_FACTS
  const held = facts.heldBack.map((thread) => thread.id)
  const { latest, queueTop } = await readLatest(client, user, {
    undoable: options.undoable ?? false,
    withQueue: options.pool !== false,
    staleDays: options.staleDays ?? null,
    held,
  })
  const session = latest && isSessionCurrent(latest, user) ? latest : null
  const die = session ? session.dieInForce : sessionSettings(user).startDie
  // Tonight's filter holds while its session is current: the pool is then of the threads that fit.
  const filtered = Boolean(session?.filterIncludeKeys)
  const top = queueTop.filter((row) => row.pick === (filtered ? 'fit' : 'pool'))
  const pool = new QueueTop(top).pool(die, session?.snoozedThreadIds ?? [])
  const stale = queueTop.find((row) => row.pick === 'stale')
  const stalest = stale ? threadFromRow(stale, 't.') : null
  const pendingId = latest?.pendingThreadId ?? null
  const pending =
    pool.find((thread) => thread.id === pendingId) ??
    (await findPending(client, user.id, pendingId))
  const view: SessionView | null = session
    ? {
        session,
        ladderPath: [session.startDie, ...loadedLadder(session)!],
        pending: session.pendingThreadId ? pending : null,
        snoozed: await snoozedOf(client, session, top),
        orders: facts.orders,
        heldBack: facts.heldBack,
        pendingIssue: await pendingIssueOf(client, session),
      }
    : null
  // What "Undo" would undo (when asked for): read with the latest session, if there is one.
  let undoable: Undoable | null = null
  if (options.undoable) {
    undoable = latest ? undoableFrom(latest.$extras.undoable) : await latestUndoable(client, user)
  }
  return {
    view,
    die,
    pool,
    pending,
    undoable,
    stalest,
    orders: facts.orders,
    heldBack: facts.heldBack,
  }
}

/** The open session's pending read under the lock. */
export function pendingThread(trx: TransactionClientContract, session: ReadingSession) {
  if (!session.pendingThreadId) return Promise.resolve(null)
  return Thread.query({ client: trx })
    .withScopes((s) => s.ownedBy(session.userId))
    .where('id', session.pendingThreadId)
    .first()
}
