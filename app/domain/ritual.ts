import { randomInt } from 'node:crypto'
import { DateTime } from 'luxon'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import Thread from '#models/thread'
import type Event from '#models/event'
import ReadingSession from '#models/reading_session'
import { pickPrefixed, preparedQuery } from '#services/prepared_statements'
import { AppError } from '#exceptions/app_error'
import { type ActionLog, withAction } from '#domain/action_log'
import { UNDOABLE_COLUMN, type Undoable, latestUndoable, toUndoable } from '#domain/undo'
import { type Die, queueMoveFor, stars, stepDie } from '#domain/ladder'
import {
  QueueTop,
  listQueue,
  positionOf,
  queueTopText,
  queueFactColumns,
  queueFacts,
} from '#domain/queue'
import {
  findCurrentSession,
  findLatestSessionWithLadder,
  isCurrent,
  latestSessionText,
  loadedLadder,
  sessionForActivity,
  sessionSettings,
  stepLoadedLadder,
} from '#domain/reading_sessions'

const sessionOf = (result: { view: SessionView }) => result.view.session.id

/** A session with what the pages and the API show of it. */
export interface SessionView {
  session: ReadingSession
  ladderPath: number[]
  pending: Thread | null
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
  return { session, ladderPath: await ladderPath(client, session), pending }
}

/** A reader's pending thread by id, with its queue position (null when gone or none). */
async function findPending(client: QueryClientContract, userId: number, id: number | null) {
  if (!id) return null
  const pending = await Thread.query({ client })
    .withScopes((s) => s.ownedBy(userId))
    .where('id', id)
    .first()
  if (pending) pending.position = await positionOf(client, pending)
  return pending
}

/**
 * The state the pages and GET /api/session show, in one query (the latest session
 * with the top of the queue; a pending read below the pool, or the undo button of a
 * reader without sessions, cost one more each); never creates a session. `pending`
 * is the read waiting on the current session, or one left on the latest session of
 * an earlier evening.
 */
export async function currentState(
  client: QueryClientContract,
  user: User,
  options: { pool?: boolean; undoable?: boolean; staleDays?: number } = {}
) {
  const extraColumns = options.undoable ? [UNDOABLE_COLUMN] : []
  let latest: ReadingSession | null
  let queueTop: Record<string, unknown>[] = []
  if (options.pool === false) {
    latest = await findLatestSessionWithLadder(client, user, extraColumns)
  } else {
    ;({ latest, queueTop } = await latestSessionWithQueueTop(
      client,
      user,
      extraColumns,
      options.staleDays ?? null
    ))
  }
  const session = latest && isCurrent(latest, user) ? latest : null
  const die = session ? session.dieInForce : sessionSettings(user).startDie
  const pool = new QueueTop(queueTop.filter((row) => row.pick === 'pool')).top(die)
  const stale = queueTop.find((row) => row.pick === 'stale')
  const stalest = stale ? Thread.$createFromAdapterResult(pickPrefixed(stale, 't.'))! : null
  const pendingId = latest?.pendingThreadId ?? null
  const pending =
    pool.find((thread) => thread.id === pendingId) ??
    (await findPending(client, user.id, pendingId))
  const view: SessionView | null = session
    ? {
        session,
        ladderPath: [session.startDie, ...loadedLadder(session)!],
        pending: session.pendingThreadId ? pending : null,
      }
    : null
  // What "Undo" would undo (when asked for): read with the latest session, if there is one.
  let undoable: Undoable | null = null
  if (options.undoable) {
    undoable = latest ? toUndoable(latest.$extras.undoable) : await latestUndoable(client, user)
  }
  return { view, die, pool, pending, undoable, stalest }
}

/**
 * The latest session (as `findLatestSessionWithLadder`) and, in the same statement,
 * the top of the queue and, when `staleDays` is given, its thread untouched for that
 * many days or more (`queueTopText`), as rows: the die that picks the pool is the
 * session's.
 */
async function latestSessionWithQueueTop(
  client: QueryClientContract,
  user: User,
  extraColumns: string[],
  staleDays: number | null
) {
  const text = `SELECT s.*, t.* FROM (SELECT 1) AS one
    LEFT JOIN (${latestSessionText(extraColumns, 's.')}) AS s ON true
    LEFT JOIN LATERAL (${queueTopText()}) AS t ON true ORDER BY t."t.sort_key"`
  // No cutoff (NULL) matches no thread.
  const cutoff = staleDays === null ? null : new Date(Date.now() - staleDays * 86_400_000)
  const startDie = sessionSettings(user).startDie
  const bindings = [user.id, user.id, startDie, user.id, cutoff]
  const { rows } = await preparedQuery(client, text, bindings)
  const first: Record<string, unknown> = rows[0] ?? {}
  const latest = first['s.id']
    ? ReadingSession.$createFromAdapterResult({
        ...pickPrefixed(first, 's.'),
        ladder: first.ladder,
        undoable: first.undoable,
      })!
    : null
  return { latest, queueTop: (rows as Record<string, unknown>[]).filter((row) => row['t.id']) }
}

/** Records an event of the session; written with the action's snapshot at commit. */
function record(log: ActionLog, session: ReadingSession, values: Partial<Event>) {
  log.recordLater({ sessionId: session.id, ...values })
}

/** The session's pending read; with `queueFactsFor`, loaded with its queue facts too. */
async function pendingThread(
  trx: TransactionClientContract,
  session: ReadingSession,
  queueFactsFor?: { countActive: boolean }
) {
  if (!session.pendingThreadId) return null
  const query = Thread.query({ client: trx })
    .withScopes((s) => s.ownedBy(session.userId))
    .where('id', session.pendingThreadId)
  if (queueFactsFor) {
    const facts = queueFactColumns(queueFactsFor.countActive)
    query.select('threads.*', ...facts.map(([sql, bindings]) => trx.raw(sql, bindings as never[])))
  }
  return query.first()
}

/** Records a pending read as skipped (no movement, no penalty) and clears it. */
async function skipPending(
  trx: TransactionClientContract,
  log: ActionLog,
  session: ReadingSession,
  loaded?: QueueTop
) {
  const pending = loaded?.find(session.pendingThreadId) ?? (await pendingThread(trx, session))
  if (pending) {
    record(log, session, {
      type: 'rolled_but_skipped',
      threadId: pending.id,
      threadTitle: pending.title,
      die: session.dieInForce,
    })
  }
  session.merge({ pendingThreadId: null, pendingSince: null })
  return pending
}

async function setPending(
  trx: TransactionClientContract,
  log: ActionLog,
  session: ReadingSession,
  thread: Thread,
  now: DateTime
) {
  session.merge({ pendingThreadId: thread.id, pendingSince: now })
  log.saveLater(session)
  thread.position ??= await positionOf(trx, thread)
  return viewOf(trx, session, thread)
}

/** Rolls the die in force over the top of the queue and makes the pick the pending read. */
export function roll(user: User) {
  return withAction(
    user,
    'roll',
    async (trx, log) => {
      const now = DateTime.utc()
      const session = await sessionForActivity(trx, user, log, now)
      const die = session.dieInForce
      const pool = log.locked.pool?.top(die) ?? (await listQueue(trx, user.id, die))
      if (pool.length === 0) {
        throw AppError.conflict('Nothing to roll yet — add a thread to your pile first.')
      }
      await skipPending(trx, log, session, log.locked.pool)
      const result = randomInt(1, pool.length + 1)
      const thread = pool[result - 1]
      log.describe(`Roll: ${thread.title}`)
      record(log, session, {
        type: 'roll',
        threadId: thread.id,
        threadTitle: thread.title,
        die,
        result,
        selectionMethod: 'random',
      })
      return { die, result, thread, view: await setPending(trx, log, session, thread, now) }
    },
    sessionOf,
    { pool: { startDie: sessionSettings(user).startDie } }
  )
}

/** Picks any active thread instead of the die (a roll with selection method "override"). */
export function override(user: User, threadId: number) {
  return withAction(
    user,
    'override',
    async (trx, log) => {
      const now = DateTime.utc()
      const thread = await Thread.query({ client: trx })
        .withScopes((s) => s.ownedBy(user))
        .withScopes((s) => s.active())
        .where('id', threadId)
        .first()
      if (!thread) throw AppError.notFound('That thread is not in your queue.')
      const session = await sessionForActivity(trx, user, log, now)
      await skipPending(trx, log, session)
      const die = session.dieInForce
      log.describe(`Pick: ${thread.title}`)
      record(log, session, {
        type: 'roll',
        threadId: thread.id,
        threadTitle: thread.title,
        die,
        result: null,
        selectionMethod: 'override',
      })
      return { die, result: null, thread, view: await setPending(trx, log, session, thread, now) }
    },
    sessionOf
  )
}

/** Drops the pending read without reading it. */
export function skip(user: User) {
  return withAction(
    user,
    'skip',
    async (trx, log) => {
      const session = await sessionForActivity(trx, user, log)
      if (!session.pendingThreadId) throw AppError.conflict('There is no pending read to skip.')
      const skipped = await skipPending(trx, log, session)
      log.saveLater(session)
      if (skipped) skipped.position = await positionOf(trx, skipped)
      log.describe(`Skip: ${skipped?.title ?? 'a deleted thread'}`)
      return { skipped, view: await viewOf(trx, session) }
    },
    sessionOf
  )
}

/**
 * Rates the pending read, exactly once: issues read come off, the thread moves to
 * the front (≥ 4.0) or the back, or completes at 0; the ladder steps from the die in
 * force; the pending read clears. One transaction under the reader's lock.
 */
export function rate(
  user: User,
  input: { rating: number; issuesRead: number; finishSession: boolean }
) {
  // A thread that goes to the back needs the active count for its new position.
  const mayGoBack = queueMoveFor(input.rating) === 'back'
  return withAction(
    user,
    'rate',
    async (trx, log) => {
      const now = DateTime.utc()
      const session = await sessionForActivity(trx, user, log, now)
      const loaded = log.locked.pending
      const thread =
        loaded && loaded.id === session.pendingThreadId
          ? loaded
          : await pendingThread(trx, session, { countActive: mayGoBack })
      if (!thread) throw AppError.conflict('Nothing is waiting to be rated. Roll first.')
      log.describe(`Rating of ${thread.title} (${stars(input.rating)})`)

      const dieBefore = session.dieInForce as Die
      const dieAfter = stepDie(dieBefore, input.rating)
      const issuesRead = Math.min(input.issuesRead, thread.issuesRemaining)
      const remaining = thread.issuesRemaining - issuesRead
      const completed = remaining === 0
      const queueMove = completed ? null : queueMoveFor(input.rating)
      const queue = queueFacts(thread, queueMove)
      await log.thread(thread, { position: queue.position })
      const sortKey = queueMove ? queue[`${queueMove}Key`] : null
      thread.merge({
        issuesRemaining: remaining,
        lastRating: input.rating,
        lastActivityAt: now,
        status: completed ? 'completed' : 'active',
        sortKey,
      })
      log.saveLater(thread)
      record(log, session, {
        type: 'rate',
        threadId: thread.id,
        threadTitle: thread.title,
        die: dieBefore,
        rating: input.rating,
        issuesRead,
        dieAfter,
        queueMove,
        completed,
      })
      session.merge({
        currentDie: dieAfter,
        manualDie: null,
        pendingThreadId: null,
        pendingSince: null,
      })
      if (input.finishSession) session.endedAt = now
      log.saveLater(session)
      stepLoadedLadder(session, dieAfter)
      thread.position = queue.positionAfter
      return { thread, dieBefore, dieAfter, queueMove, completed, view: await viewOf(trx, session) }
    },
    sessionOf,
    { pending: { countActive: mayGoBack } }
  )
}

/** Picks a die by hand for the next rolls (null: back to the ladder). */
export function setManualDie(user: User, die: Die | null) {
  return withAction(
    user,
    'die_change',
    async (trx, log) => {
      const session = await sessionForActivity(trx, user, log)
      session.manualDie = die
      log.saveLater(session)
      log.describe(die ? `Die picked: d${die}` : 'Back to the ladder')
      record(log, session, { type: 'die_change', die: die ?? session.currentDie })
      return viewOf(trx, session)
    },
    (view) => view.session.id
  )
}

/** Ends the current session. */
export function finishSession(user: User) {
  return withAction(
    user,
    'finish',
    async (trx, log) => {
      const now = DateTime.utc()
      const session = await findCurrentSession(trx, user, now)
      if (!session) throw AppError.conflict('There is no current session to finish.')
      log.session(session)
      log.describe('Finishing the session')
      session.merge({ endedAt: now, lastActivityAt: now })
      log.saveLater(session)
      return viewOf(trx, session)
    },
    (view) => view.session.id
  )
}
