import { randomInt } from 'node:crypto'
import { DateTime } from 'luxon'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import Thread from '#models/thread'
import Event from '#models/event'
import type ReadingSession from '#models/reading_session'
import { AppError } from '#exceptions/app_error'
import { withUserLock } from '#domain/user_lock'
import { type Die, queueMoveFor, stepDie } from '#domain/ladder'
import { backKey, frontKey, listQueue, positionOf } from '#domain/queue'
import { findCurrentSession, sessionForActivity, sessionSettings } from '#domain/reading_sessions'

/** A session with what the pages and the API show of it. */
export interface SessionView {
  session: ReadingSession
  ladderPath: number[]
  pending: Thread | null
}

export async function ladderPath(client: QueryClientContract, session: ReadingSession) {
  const rows = await client
    .from('events')
    .where({ session_id: session.id, type: 'rate', undone: false })
    .orderBy('id')
    .select('die_after')
  return [session.startDie, ...rows.map((row) => Number(row.die_after))]
}

export async function viewOf(
  client: QueryClientContract,
  session: ReadingSession
): Promise<SessionView> {
  const pending = session.pendingThreadId
    ? await Thread.query({ client })
        .withScopes((s) => s.ownedBy(session.userId))
        .where('id', session.pendingThreadId)
        .first()
    : null
  if (pending) pending.position = await positionOf(client, pending)
  return { session, ladderPath: await ladderPath(client, session), pending }
}

/** The state the roll page and GET /api/session show; never creates a session. */
export async function currentState(client: QueryClientContract, user: User) {
  const session = await findCurrentSession(client, user)
  const die = session ? session.dieInForce : sessionSettings(user).startDie
  const [view, pool] = await Promise.all([
    session ? viewOf(client, session) : null,
    listQueue(client, user.id, die),
  ])
  return { view, die, pool }
}

async function record(
  trx: TransactionClientContract,
  session: ReadingSession,
  values: Partial<Event>
) {
  return Event.create(
    { userId: session.userId, sessionId: session.id, undone: false, ...values },
    { client: trx }
  )
}

async function pendingThread(trx: TransactionClientContract, session: ReadingSession) {
  if (!session.pendingThreadId) return null
  return Thread.query({ client: trx })
    .withScopes((s) => s.ownedBy(session.userId))
    .where('id', session.pendingThreadId)
    .first()
}

/** Records a pending read as skipped (no movement, no penalty) and clears it. */
async function skipPending(trx: TransactionClientContract, session: ReadingSession) {
  const pending = await pendingThread(trx, session)
  if (pending)
    await record(trx, session, {
      type: 'rolled_but_skipped',
      threadId: pending.id,
      threadTitle: pending.title,
      die: session.dieInForce,
    })
  session.merge({ pendingThreadId: null, pendingSince: null })
  return pending
}

async function setPending(
  trx: TransactionClientContract,
  session: ReadingSession,
  thread: Thread,
  now: DateTime
) {
  session.merge({ pendingThreadId: thread.id, pendingSince: now })
  await session.save()
  thread.position = await positionOf(trx, thread)
  return viewOf(trx, session)
}

/** Rolls the die in force over the top of the queue and makes the pick the pending read. */
export function roll(user: User) {
  return withUserLock(user.id, async (trx) => {
    const now = DateTime.utc()
    const session = await sessionForActivity(trx, user, now)
    const die = session.dieInForce
    const pool = await listQueue(trx, user.id, die)
    if (pool.length === 0)
      throw AppError.conflict('Nothing to roll yet — add a thread to your pile first.')
    await session.save()
    await skipPending(trx, session)
    const result = randomInt(1, pool.length + 1)
    const thread = pool[result - 1]
    await record(trx, session, {
      type: 'roll',
      threadId: thread.id,
      threadTitle: thread.title,
      die,
      result,
      selectionMethod: 'random',
    })
    return { die, result, thread, view: await setPending(trx, session, thread, now) }
  })
}

/** Picks any active thread instead of the die (a roll with selection method "override"). */
export function override(user: User, threadId: number) {
  return withUserLock(user.id, async (trx) => {
    const now = DateTime.utc()
    const thread = await Thread.query({ client: trx })
      .withScopes((s) => s.ownedBy(user))
      .withScopes((s) => s.active())
      .where('id', threadId)
      .first()
    if (!thread) throw AppError.notFound('That thread is not in your queue.')
    const session = await sessionForActivity(trx, user, now)
    await session.save()
    await skipPending(trx, session)
    const die = session.dieInForce
    await record(trx, session, {
      type: 'roll',
      threadId: thread.id,
      threadTitle: thread.title,
      die,
      result: null,
      selectionMethod: 'override',
    })
    return { die, result: null, thread, view: await setPending(trx, session, thread, now) }
  })
}

/** Drops the pending read without reading it. */
export function skip(user: User) {
  return withUserLock(user.id, async (trx) => {
    const session = await sessionForActivity(trx, user)
    if (!session.pendingThreadId) throw AppError.conflict('There is no pending read to skip.')
    await session.save()
    const skipped = await skipPending(trx, session)
    await session.save()
    if (skipped) skipped.position = await positionOf(trx, skipped)
    return { skipped, view: await viewOf(trx, session) }
  })
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
  return withUserLock(user.id, async (trx) => {
    const now = DateTime.utc()
    const session = await sessionForActivity(trx, user, now)
    const thread = await pendingThread(trx, session)
    if (!thread) throw AppError.conflict('Nothing is waiting to be rated. Roll first.')

    const dieBefore = session.dieInForce as Die
    const dieAfter = stepDie(dieBefore, input.rating)
    const issuesRead = Math.min(input.issuesRead, thread.issuesRemaining)
    const remaining = thread.issuesRemaining - issuesRead
    const completed = remaining === 0
    const queueMove = completed ? null : queueMoveFor(input.rating)
    const sortKey = completed
      ? null
      : queueMove === 'front'
        ? await frontKey(trx, user.id)
        : await backKey(trx, user.id)
    thread.merge({
      issuesRemaining: remaining,
      lastRating: input.rating,
      lastActivityAt: now,
      status: completed ? 'completed' : 'active',
      sortKey,
    })
    await thread.useTransaction(trx).save()
    await record(trx, session, {
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
    await session.save()
    thread.position = await positionOf(trx, thread)
    return { thread, dieBefore, dieAfter, queueMove, completed, view: await viewOf(trx, session) }
  })
}

/** Picks a die by hand for the next rolls (null: back to the ladder). */
export function setManualDie(user: User, die: Die | null) {
  return withUserLock(user.id, async (trx) => {
    const session = await sessionForActivity(trx, user)
    session.manualDie = die
    await session.save()
    await record(trx, session, { type: 'die_change', die: die ?? session.currentDie })
    return viewOf(trx, session)
  })
}

/** Ends the current session. */
export function finishSession(user: User) {
  return withUserLock(user.id, async (trx) => {
    const now = DateTime.utc()
    const session = await findCurrentSession(trx, user, now)
    if (!session) throw AppError.conflict('There is no current session to finish.')
    session.useTransaction(trx)
    session.merge({ endedAt: now, lastActivityAt: now })
    await session.save()
    return viewOf(trx, session)
  })
}
