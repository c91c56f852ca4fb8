import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import Thread from '#models/thread'
import type { Owner } from '#models/owner'
import ReadingSession from '#models/reading_session'
import Event from '#models/event'
import { Refusal } from '#domain/refusal'
import { inQueue, inQueueSql, transitions } from '#domain/thread_state'
import { count } from '#services/words'
import { type ActionLog, withAction } from '#domain/action_log'
import { sessionOfQuietWrite } from '#domain/reading_sessions'
import { listTags, spelledAllAsThePile, spelledAsThePile, tagColumns } from '#domain/tags'
import { type OnDuplicate, duplicatesToSkip } from '#domain/duplicates'
import {
  GAP,
  PILE_LIMIT,
  TOUCHED_AT,
  activeCount,
  backKey,
  frontKey,
  keyForPosition,
  positionOf,
} from '#domain/queue'

export interface ThreadInput {
  title: string
  format: string
  issuesRemaining: number
  notes?: string | null
  reviewUrl?: string | null
  /** Its tags (app/domain/tags.ts); none when not given. */
  tags?: string[]
}

/**
 * One of the reader's threads, or refused as not found (another reader's id is simply
 * not found). Inside an action no row lock is needed: every write to a reader's rows
 * runs under the reader's lock (`withUserLock`), which the action already holds.
 */
export async function findOwnThread(
  user: User,
  id: number,
  options: { client?: QueryClientContract } = {}
) {
  const query = Thread.query({ client: options.client ?? db.connection() })
    .withScopes((s) => s.ownedBy(user))
    .where('id', id)
  const thread = Number.isSafeInteger(id) && id > 0 ? await query.first() : null
  if (!thread) throw Refusal.notFound('That thread is not in your pile.')
  return thread
}

/** A thread for its edit form, with the reader's tags (offered as its tags are typed). */
export async function threadToEdit(user: User, id: number) {
  const [thread, tags] = await Promise.all([findOwnThread(user, id), listTags(user.id)])
  return { thread, tags: tags.map((tag) => tag.name) }
}

async function withPosition(client: QueryClientContract, thread: Thread) {
  thread.position = await positionOf(client, thread)
  return thread
}

/** How many threads, sessions and events the reader has (the account page's import choice). */
export async function pileCounts(userId: number, client = db.connection()) {
  const { rows } = await client.rawQuery(
    `SELECT (SELECT count(*) FROM threads WHERE user_id = ?)::int AS threads,
            (SELECT count(*) FROM reading_sessions WHERE user_id = ?)::int AS sessions,
            (SELECT count(*) FROM events WHERE user_id = ?)::int AS events`,
    [userId, userId, userId]
  )
  return rows[0] as { threads: number; sessions: number; events: number }
}

/** One of the reader's threads with its queue position (null when completed). */
export async function threadWithPosition(user: User, id: number) {
  const thread = await findOwnThread(user, id)
  thread.position = await positionOf(db.connection(), thread)
  return thread
}

/** A thread with its position, and how long the queue is (its page says "3 of 40"). */
export async function threadInQueue(user: User, id: number) {
  const thread = await threadWithPosition(user, id)
  return { thread, queueLength: await activeCount(db.connection(), user.id) }
}

/** How many completed threads the queue page lists, the latest first. */
const COMPLETED_SHOWN = 200

/**
 * The latest completed threads (the queue page lists them for reactivation) and,
 * from the same query, how many there are in all.
 */
export async function completedThreads(owner: Owner, client = db.connection()) {
  const threads = await Thread.query({ client })
    .withScopes((s) => s.ownedBy(owner))
    .whereRaw(inQueueSql('threads', false))
    .select('id', 'title', 'format', client.raw('count(*) OVER () AS completed_total'))
    .orderBy('updated_at', 'desc')
    .limit(COMPLETED_SHOWN)
  return { threads, total: threads.length ? Number(threads[0].$extras.completed_total) : 0 }
}

/** Titles a reader may add at once (the queue page's "paste a list"). */
export const TITLES_AT_ONCE = 200

/**
 * Adds threads at the top of the queue in the order given (or at the bottom), as one
 * action; none left means completed. A title the pile already holds is added, skipped
 * or asked first as `onDuplicate` says (app/domain/duplicates.ts); the skipped ones are
 * answered beside the added ones.
 */
export function addThreads(
  user: User,
  batch: ThreadInput[],
  at: 'top' | 'bottom' = 'top',
  onDuplicate: OnDuplicate = 'add'
) {
  return withAction(user, 'create', async (trx, log) => {
    const skipped = await duplicatesToSkip(
      trx,
      user.id,
      batch.map((input) => input.title),
      onDuplicate
    )
    const left = new Set(skipped.map((d) => d.index))
    const inputs = batch.filter((_, index) => !left.has(index))
    if (!inputs.length) {
      log.unchanged()
      return { threads: [] as Thread[], skipped }
    }
    const { rows } = await trx.rawQuery(
      'SELECT count(*)::int AS total FROM threads WHERE user_id = ?',
      [user.id]
    )
    const room = PILE_LIMIT - rows[0].total
    if (inputs.length > room) {
      const limit = PILE_LIMIT.toLocaleString('en')
      throw Refusal.conflict(
        room <= 0
          ? `Your pile holds ${limit} threads, as many as it can. Delete one first.`
          : `Your pile holds at most ${limit} threads: ${count(room, 'more fits', 'more fit')}. Delete some first, or add fewer.`
      )
    }
    const activeAdded = inputs.filter((input) => input.issuesRemaining > 0).length
    // At the top, the first title ends up first: keys count up to a gap below the front.
    let key =
      at === 'bottom'
        ? await backKey(trx, user.id)
        : (await frontKey(trx, user.id)) - (activeAdded - 1) * GAP
    const threads: Thread[] = []
    // The batch's tags in the pile's spelling: one statement (none without tags).
    const tags = await spelledAllAsThePile(
      trx,
      user.id,
      inputs.map((input) => input.tags ?? [])
    )
    for (const [index, input] of inputs.entries()) {
      const active = input.issuesRemaining > 0
      const thread = await Thread.create(
        {
          userId: user.id,
          title: input.title,
          format: input.format,
          issuesRemaining: input.issuesRemaining,
          notes: input.notes ?? null,
          reviewUrl: input.reviewUrl ?? null,
          ...tagColumns(tags[index]),
          ...(active ? transitions.queue(key) : transitions.complete()),
        },
        { client: trx }
      )
      if (active) key += GAP
      log.createdThread(thread.id)
      threads.push(thread)
    }
    log.describe(
      threads.length === 1 ? `New thread ${threads[0].title}` : `${threads.length} new threads`
    )
    for (const thread of threads) await withPosition(trx, thread)
    return { threads, skipped }
  })
}

/** What a change of issues left by hand answers on a thread that lists its issues. */
const listedThread = () =>
  Refusal.invalid(
    'This thread lists its issues: its issues left are its unread ones. Mark issues read or unread, or add the next ones to its list.'
  )

/**
 * Edits a thread. Reaching 0 issues completes it (it leaves the queue); raising a
 * completed thread above 0 reactivates it at the front.
 */
export function updateThread(user: User, id: number, changes: Partial<ThreadInput>) {
  return withAction(user, 'edit', async (trx, log) => {
    const thread = await findOwnThread(user, id, { client: trx })
    const editsCount =
      changes.issuesRemaining !== undefined && changes.issuesRemaining !== thread.issuesRemaining
    if (editsCount && thread.issuesTotal !== null) throw listedThread()
    await log.thread(thread)
    log.describe(`Edit of ${thread.title}`)
    const { tags, ...fields } = changes
    thread.merge(
      Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
    )
    if (tags !== undefined) thread.merge(tagColumns(await spelledAsThePile(trx, user.id, tags)))
    if (changes.issuesRemaining !== undefined) {
      if (changes.issuesRemaining === 0 && inQueue(thread)) thread.merge(transitions.complete())
      if (changes.issuesRemaining > 0 && !inQueue(thread)) {
        thread.merge(transitions.queue(await frontKey(trx, user.id)))
      }
    }
    await thread.useTransaction(trx).save()
    return withPosition(trx, thread)
  })
}

/** Deletes a thread; history keeps the title its events were recorded with. */
export function deleteThread(user: User, id: number) {
  return withAction(user, 'delete', async (trx, log) => {
    const thread = await findOwnThread(user, id, { client: trx })
    await log.deletedThread(thread)
    const waiting = await ReadingSession.query({ client: trx }).where({
      user_id: user.id,
      pending_thread_id: id,
    })
    for (const session of waiting) log.session(session)
    log.describe(`Deletion of ${thread.title}`)
    await thread.useTransaction(trx).delete()
    return thread
  })
}

/** Puts a completed thread back at the front with new issues. */
export function reactivateThread(user: User, id: number, issuesToAdd: number) {
  return withAction(user, 'reactivate', async (trx, log) => {
    const thread = await findOwnThread(user, id, { client: trx })
    await log.thread(thread)
    log.describe(`Reactivation of ${thread.title}`)
    if (inQueue(thread)) throw Refusal.conflict('Only a completed thread can be reactivated.')
    if (thread.issuesTotal !== null) throw listedThread()
    thread.merge({
      issuesRemaining: Math.min(100000, thread.issuesRemaining + issuesToAdd),
      ...transitions.queue(await frontKey(trx, user.id)),
    })
    await thread.useTransaction(trx).save()
    return withPosition(trx, thread)
  })
}

export type ThreadMove = { to: 'front' } | { to: 'back' } | { to: 'position'; position: number }

/**
 * Records a move as a `reorder` event: in the reader's current session (a move is not
 * itself activity: an earlier evening's open session gets none of it, and none starts).
 */
async function recordReorder(
  trx: TransactionClientContract,
  log: ActionLog,
  user: User,
  thread: Thread,
  from: number | null,
  to: number | null
) {
  const session = sessionOfQuietWrite(log.openSession, user)
  const event = await Event.create(
    {
      userId: user.id,
      sessionId: session?.id ?? null,
      type: 'reorder',
      threadId: thread.id,
      threadTitle: thread.title,
      fromPosition: from,
      toPosition: to,
      undone: false,
    },
    { client: trx }
  )
  log.event(event.id)
}

/** Moves an active thread to the front, the back or a position (clamped to 1..n). */
export function moveThread(user: User, id: number, move: ThreadMove) {
  return withAction(user, 'reorder', async (trx, log) => {
    const thread = await findOwnThread(user, id, { client: trx })
    if (!inQueue(thread))
      throw Refusal.conflict('A completed thread is not in the queue. Reactivate it first.')
    const from = await positionOf(trx, thread)
    await log.thread(thread, { position: from })
    const key =
      move.to === 'front'
        ? await frontKey(trx, user.id)
        : move.to === 'back'
          ? await backKey(trx, user.id)
          : await keyForPosition(trx, thread, move.position)
    thread.merge(transitions.queue(key))
    await thread.useTransaction(trx).save()
    await withPosition(trx, thread)
    log.describe(`Move of ${thread.title} to position ${thread.position}`)
    await recordReorder(trx, log, user, thread, from, thread.position)
    return thread
  })
}

/** Active threads untouched for at least `days`, most idle first, with their idle days. */
export async function staleThreads(user: User, days: number, client = db.connection()) {
  const cutoff = DateTime.utc().minus({ days })
  const threads = await Thread.query({ client })
    .withScopes((s) => s.ownedBy(user))
    .withScopes((s) => s.active())
    .whereRaw(`${TOUCHED_AT} <= ?`, [cutoff.toSQL()!])
    .orderByRaw(`${TOUCHED_AT} asc`)
    .limit(500)
  return threads.map((thread) => ({ thread, daysIdle: idleDays(thread) }))
}

type Moment = DateTime | Date | null | undefined
const millisOf = (moment: Moment) =>
  moment ? (moment instanceof Date ? moment.getTime() : moment.toMillis()) : 0

/** Whole days since the thread (a model or a queue row) was last touched (read, rated or reviewed). */
export function idleDays(
  thread: { lastActivityAt: Moment; lastReviewAt: Moment; createdAt: Moment },
  now = Date.now()
) {
  const touched = Math.max(
    millisOf(thread.lastActivityAt),
    millisOf(thread.lastReviewAt),
    millisOf(thread.createdAt)
  )
  return Math.max(0, Math.floor((now - touched) / 86_400_000))
}
