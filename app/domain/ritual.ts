import { randomInt } from 'node:crypto'
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import Thread from '#models/thread'
import type Event from '#models/event'
import type ReadingSession from '#models/reading_session'
import { Refusal } from '#domain/refusal'
import { inQueue, transitions } from '#domain/thread_state'
import { type ActionLog, withAction } from '#domain/action_log'
import { type Die, queueMoveFor, ratingEffect, stars } from '#domain/ladder'
import { afterPoolPlace, positionOf, queueFacts } from '#domain/queue'
import { sessionForActivity } from '#domain/reading_sessions'
import { markNextRead } from '#domain/issues'
import { readerSettings, sessionSettings } from '#domain/reader_settings'
import {
  type QueueTop,
  type SessionView,
  findCurrentSession,
  pendingThread,
  orderFactsFor,
  queueTopOf,
  stepLoadedLadder,
  viewFor,
} from '#domain/reading_state'
import { poolNeed } from '#domain/roll_pool'
import { cleanTags, spelledAllAsThePile, tagKey } from '#domain/tags'
import {
  type TonightFilter,
  filterColumns,
  filterKeys,
  filterOf,
  filterText,
  nothingFits,
} from '#domain/tonight_filter'

/**
 * The ritual's commands: roll, pick, skip, rate, the die, finishing a session. Each is
 * one action under the reader's lock (see action_log.ts); what they show comes from
 * the read side (reading_state.ts).
 */

const sessionOf = (result: { view: SessionView }) => result.view.session.id

/** Records an event of the session; written with the action's snapshot at commit. */
function record(log: ActionLog, session: ReadingSession, values: Partial<Event>) {
  log.recordLater({ sessionId: session.id, ...values })
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
  session.merge({
    pendingThreadId: null,
    pendingSince: null,
    pendingByHand: false,
    pendingIssueId: null,
  })
  return pending
}

async function setPending(
  trx: TransactionClientContract,
  log: ActionLog,
  user: User,
  session: ReadingSession,
  thread: Thread,
  now: DateTime,
  byHand: boolean,
  issueId: number | null = null
) {
  session.merge({
    pendingThreadId: thread.id,
    pendingSince: now,
    pendingByHand: byHand,
    pendingIssueId: issueId,
  })
  log.saveLater(session)
  thread.position ??= await positionOf(trx, thread)
  return viewAfter(trx, user, log, session, thread)
}

/**
 * The session's view an action of the ritual answers with. The ritual changes sessions,
 * events and where threads stand in the queue, which reading orders do not look at: unless
 * it marked an issue read, the orders' facts are those under the lock (kept, mostly).
 */
async function viewAfter(
  trx: TransactionClientContract,
  user: User,
  log: ActionLog,
  session: ReadingSession,
  known?: Thread
) {
  const facts = log.markedIssues ? undefined : await orderFactsFor(trx, user, log.locked.version)
  return viewFor(trx, user, session, known, facts)
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
      // Strict reading orders hold threads back, out of the pool like the snoozed ones.
      const facts = await orderFactsFor(trx, user, log.locked.version)
      const held = facts.heldBack.map((thread) => thread.id)
      const snoozed = session.snoozedThreadIds
      // Tonight's filter narrows the pool to the threads that fit it (their own statement).
      const keys = filterKeys(session)
      const need = poolNeed(sessionSettings(user).startDie, die, snoozed.length)
      const top =
        held.length || keys ? await queueTopOf(trx, user.id, need, keys, held) : log.locked.pool!
      const pool = top.pool(die, snoozed)
      if (pool.length === 0) {
        const filter = filterOf(session)
        throw Refusal.conflict(
          filter
            ? nothingFits(filter)
            : session.snoozedThreadIds.length
              ? NOTHING_BUT_SNOOZES
              : 'Nothing to roll yet — add a thread to your pile first.'
        )
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
      return {
        die,
        result,
        thread,
        view: await setPending(trx, log, user, session, thread, now, false),
      }
    },
    sessionOf,
    { pool: { startDie: sessionSettings(user).startDie } }
  )
}

/**
 * Picks any active thread instead of the die (a roll with selection method "override");
 * a thread snoozed tonight that is picked by hand is back in the pool.
 */
export function override(user: User, threadId: number, issueId: number | null = null) {
  return withAction(
    user,
    'override',
    async (trx, log) => {
      const now = DateTime.utc()
      const thread = await Thread.query({ client: trx })
        .withScopes((s) => s.ownedBy(user))
        .where('id', threadId)
        .first()
      if (!thread) throw Refusal.notFound('That thread is not in your pile.')
      if (!inQueue(thread)) {
        throw Refusal.conflict(`${thread.title} is completed: reactivate it to read it again.`)
      }
      if (issueId !== null) {
        const issue = await trx
          .from('issues')
          .where({ id: issueId, thread_id: thread.id, user_id: user.id })
          .whereNull('read_at')
          .first()
        if (!issue) throw Refusal.invalid(`That issue is not an unread issue of ${thread.title}.`)
      }
      const session = await sessionForActivity(trx, user, log, now)
      await skipPending(trx, log, session)
      if (session.snoozedThreadIds.includes(thread.id)) {
        session.snoozedThreadIds = session.snoozedThreadIds.filter((id) => id !== thread.id)
      }
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
      return {
        die,
        result: null,
        thread,
        view: await setPending(trx, log, user, session, thread, now, true, issueId),
      }
    },
    sessionOf
  )
}

/** What a roll answers when every active thread is snoozed in the session. */
export const NOTHING_BUT_SNOOZES =
  'Every thread in your queue is snoozed tonight. Bring one back, or finish the session.'

/**
 * Snoozes the pending read ("not tonight"): it leaves the roll pool until the session
 * ends (the next thread of the queue takes its place) and keeps its place in the queue;
 * no rating, no die step.
 */
export function snooze(user: User) {
  return withAction(
    user,
    'snooze',
    async (trx, log) => {
      const now = DateTime.utc()
      const session = await sessionForActivity(trx, user, log, now)
      // The lock loaded the open session's pending read (a rolled-over session has it too).
      const loaded = log.locked.pending
      const pending = loaded && loaded.id === session.pendingThreadId ? loaded : null
      if (!pending) throw Refusal.conflict('Nothing is waiting to be read. Roll first.')
      log.describe(`Snooze: ${pending.title}`)
      record(log, session, {
        type: 'snoozed',
        threadId: pending.id,
        threadTitle: pending.title,
        die: session.dieInForce,
      })
      session.merge({
        pendingThreadId: null,
        pendingSince: null,
        pendingByHand: false,
        pendingIssueId: null,
        snoozedThreadIds: [...session.snoozedThreadIds, pending.id],
      })
      log.saveLater(session)
      pending.position = queueFacts(pending, null).position
      return { snoozed: pending, view: await viewAfter(trx, user, log, session) }
    },
    sessionOf,
    { pending: { countActive: false } }
  )
}

/** Brings a thread snoozed in the current session back into its roll pool. */
export function unsnooze(user: User, threadId: number) {
  return withAction(
    user,
    'unsnooze',
    async (trx, log) => {
      const now = DateTime.utc()
      const session = await sessionForActivity(trx, user, log, now)
      if (!session.snoozedThreadIds.includes(threadId)) {
        throw Refusal.notFound('That thread is not snoozed in this session.')
      }
      const thread = await Thread.query({ client: trx })
        .withScopes((s) => s.ownedBy(user))
        .where('id', threadId)
        .first()
      log.describe(`Back tonight: ${thread?.title ?? 'a deleted thread'}`)
      record(log, session, {
        type: 'unsnoozed',
        threadId: thread?.id ?? null,
        threadTitle: thread?.title ?? null,
        die: session.dieInForce,
      })
      session.snoozedThreadIds = session.snoozedThreadIds.filter((id) => id !== threadId)
      log.saveLater(session)
      return { thread, view: await viewAfter(trx, user, log, session) }
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
      if (!session.pendingThreadId) throw Refusal.conflict('There is no pending read to skip.')
      const skipped = await skipPending(trx, log, session)
      log.saveLater(session)
      if (skipped) skipped.position = await positionOf(trx, skipped)
      log.describe(`Skip: ${skipped?.title ?? 'a deleted thread'}`)
      return { skipped, view: await viewAfter(trx, user, log, session) }
    },
    sessionOf
  )
}

/**
 * Rates the pending read, exactly once: issues read come off, the thread moves to
 * the front (≥ 4.0) or, below, to the back or right after the next roll's pool (the
 * reader's setting), or completes at 0; the ladder steps from the die in force; the
 * pending read clears. One transaction under the reader's lock.
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
      // The lock loaded the open session's pending read; a session that rolled over
      // handed the same read on.
      const loaded = log.locked.pending
      const thread = loaded && loaded.id === session.pendingThreadId ? loaded : null
      if (!thread) throw Refusal.conflict('Nothing is waiting to be rated. Roll first.')
      log.describe(`Rating of ${thread.title} (${stars(input.rating)})`)

      const dieBefore = session.dieInForce as Die
      const effect = ratingEffect(
        dieBefore,
        input.rating,
        thread.issuesRemaining,
        input.issuesRead,
        readerSettings(user).lowRatingPlacement
      )
      const { dieAfter, issuesRead, completed } = effect
      let queueMove = effect.queueMove
      const queue = queueFacts(thread, queueMove && (queueMove === 'front' ? 'front' : 'back'))
      await log.thread(thread, { position: queue.position })
      let key = queueMove === 'front' ? queue.frontKey : queueMove ? queue.backKey : null
      let positionAfter = queue.positionAfter
      if (queueMove === 'after_pool') {
        // The next roll uses the die after the step, its pool past the snoozed threads and
        // those strict orders hold back (as they stand before this rating).
        const { heldBack } = await orderFactsFor(trx, user, log.locked.version)
        const out = [...session.snoozedThreadIds, ...heldBack.map((held) => held.id)]
        const place = await afterPoolPlace(trx, thread, dieAfter, out, filterKeys(session))
        if (place) [key, positionAfter] = [place.key, place.position]
        else queueMove = 'back'
      }
      // A thread that lists its issues has the next ones it read marked read.
      const listed =
        thread.issuesTotal !== null && issuesRead > 0
          ? await markNextRead(trx, log, thread, issuesRead, now, session.pendingIssueId)
          : null
      if (listed) thread.nextIssue = listed.next
      thread.merge({
        issuesRemaining: effect.issuesRemaining,
        lastRating: input.rating,
        lastActivityAt: now,
        ...(completed || key === null ? transitions.complete() : transitions.queue(key)),
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
        issueNumber: listed?.numbers.join(', ').slice(0, 200) ?? null,
      })
      session.merge({
        currentDie: dieAfter,
        manualDie: null,
        pendingThreadId: null,
        pendingSince: null,
        pendingByHand: false,
        pendingIssueId: null,
      })
      if (input.finishSession) session.endedAt = now
      log.saveLater(session)
      stepLoadedLadder(session, dieAfter)
      thread.position = positionAfter
      // A finished session's die is done with: the next one starts on the reader's start die.
      const nextSessionDie = input.finishSession ? sessionSettings(user).startDie : undefined
      return {
        thread,
        dieBefore,
        dieAfter,
        queueMove,
        completed,
        nextSessionDie,
        view: await viewAfter(trx, user, log, session),
      }
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
      return viewAfter(trx, user, log, session)
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
      if (!session) throw Refusal.conflict('There is no current session to finish.')
      log.session(session)
      log.describe('Finishing the session')
      session.merge({ endedAt: now, lastActivityAt: now })
      log.saveLater(session)
      return viewAfter(trx, user, log, session)
    },
    (view) => view.session.id
  )
}

/**
 * Sets tonight's filter (see tonight_filter.ts) on the session, replacing any: activity,
 * so it starts a session when none is current. Tags are written as the pile spells them.
 */
export async function setFilter(user: User, asked: Partial<TonightFilter>) {
  const wanted = {
    include: cleanTags(asked.include ?? []),
    exclude: cleanTags(asked.exclude ?? []),
  }
  if (wanted.include.length + wanted.exclude.length === 0) {
    throw Refusal.invalid('Name at least one tag to keep in or to leave out.')
  }
  const excluded = new Set(wanted.exclude.map(tagKey))
  const both = wanted.include.find((tag) => excluded.has(tagKey(tag)))
  if (both) throw Refusal.invalid(`“${both}” cannot be both kept in and left out.`)
  return withAction(
    user,
    'filter',
    async (trx, log) => {
      const session = await sessionForActivity(trx, user, log)
      const [include, exclude] = await spelledAllAsThePile(trx, user.id, [
        wanted.include,
        wanted.exclude,
      ])
      const filter = { include, exclude }
      session.merge(filterColumns(filter))
      log.saveLater(session)
      const text = filterText(filter)
      log.describe(`Filter: ${text}`)
      record(log, session, { type: 'filter_set', threadTitle: text.slice(0, 200) })
      return viewAfter(trx, user, log, session)
    },
    (view) => view.session.id
  )
}

/** Clears tonight's filter: the roll is over the whole queue again. */
export function clearFilter(user: User) {
  return withAction(
    user,
    'filter',
    async (trx, log) => {
      const session = await sessionForActivity(trx, user, log)
      const filter = filterOf(session)
      if (!filter) throw Refusal.conflict('Tonight’s roll is not filtered.')
      session.merge(filterColumns(null))
      log.saveLater(session)
      log.describe('Filter cleared')
      record(log, session, {
        type: 'filter_cleared',
        threadTitle: filterText(filter).slice(0, 200),
      })
      return viewAfter(trx, user, log, session)
    },
    (view) => view.session.id
  )
}
