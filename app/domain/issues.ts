/**
 * Issues of a thread: a thread may list its issues in reading order and mark each read.
 * While it lists any, its issues left are its unread ones, and its row keeps how many it
 * lists and the next to read (see `settleThread`). Adding, marking and deleting issues
 * are actions like any other (activity, undoable); a rating marks the next ones read
 * (`markNextRead`, used by the ritual's rate).
 */
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import type Thread from '#models/thread'
import Issue from '#models/issue'
import { Refusal } from '#domain/refusal'
import { inQueue, transitions } from '#domain/thread_state'
import { type ActionLog, withAction } from '#domain/action_log'
import { sessionForActivity } from '#domain/reading_sessions'
import { findOwnThread } from '#domain/threads'
import { frontKey, positionOf } from '#domain/queue'
import { ISSUES_PER_THREAD, issueLabel, issueList, parseIssueNumbers } from '#domain/issue_numbers'
import { count } from '#services/words'

/** Issues a thread's page lists at a time. */
export const ISSUES_PAGE_SIZE = 100

const format = (n: number) => n.toLocaleString('en')

/**
 * Brings a thread's row in line with its list after a change (one query): how many it
 * lists, its unread ones as issues left, the next to read. No unread issue left
 * completes it; an unread one on a completed thread puts it back at the front. A list
 * emptied entirely leaves a thread without one, its issues left as they were.
 */
async function settleThread(trx: TransactionClientContract, thread: Thread) {
  const { rows } = await trx.rawQuery(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread,
            (SELECT number FROM issues WHERE thread_id = ? AND user_id = ? AND read_at IS NULL
              ORDER BY ordinal LIMIT 1) AS next
       FROM issues WHERE thread_id = ? AND user_id = ?`,
    [thread.id, thread.userId, thread.id, thread.userId]
  )
  const { total, unread, next } = rows[0] as { total: number; unread: number; next: string | null }
  if (total === 0) {
    thread.merge({ issuesTotal: null, nextIssue: null })
    return { completed: false }
  }
  thread.merge({ issuesTotal: total, nextIssue: next, issuesRemaining: unread })
  if (unread === 0 && inQueue(thread)) {
    thread.merge(transitions.complete())
    return { completed: true }
  }
  if (unread > 0 && !inQueue(thread))
    thread.merge(transitions.queue(await frontKey(trx, thread.userId)))
  return { completed: false }
}

/** Saves the settled thread with the action and gives it its queue position. */
async function saveThread(trx: TransactionClientContract, log: ActionLog, thread: Thread) {
  log.saveLater(thread)
  thread.position = await positionOf(trx, thread)
  return thread
}

/**
 * A page of a listed thread's issues in reading order: the page asked for, else the
 * one holding `issueId`, else the one holding the next issue to read.
 */
export async function issuePage(thread: Thread, options: { page?: number; issueId?: number } = {}) {
  const total = thread.issuesTotal ?? 0
  const size = ISSUES_PAGE_SIZE
  const pages = Math.max(1, Math.ceil(total / size))
  let page = options.page
  if (!page && total > size) {
    const { rows } = await db.rawQuery(
      `SELECT count(*)::int AS before FROM issues WHERE thread_id = ? AND user_id = ? AND ordinal <
         coalesce((SELECT ordinal FROM issues WHERE thread_id = ? AND user_id = ? AND
           ${options.issueId ? 'id = ?' : 'read_at IS NULL'} ORDER BY ordinal LIMIT 1), 0)`,
      [
        thread.id,
        thread.userId,
        thread.id,
        thread.userId,
        ...(options.issueId ? [options.issueId] : []),
      ]
    )
    page = Math.floor(rows[0].before / size) + 1
  }
  page = Math.min(Math.max(1, page ?? 1), pages)
  const issues = await Issue.query()
    .withScopes((s) => s.ownedBy(thread.userId))
    .where('thread_id', thread.id)
    .orderBy('ordinal')
    .offset((page - 1) * size)
    .limit(size)
  return { issues, page, pages, size, total, offset: (page - 1) * size }
}

/** Every issue of a thread in reading order (the API lists them all: at most 5,000). */
export async function allIssuesOf(user: User, threadId: number) {
  const thread = await findOwnThread(user, threadId)
  return Issue.query()
    .withScopes((s) => s.ownedBy(user))
    .where('thread_id', thread.id)
    .orderBy('ordinal')
}

/**
 * Appends issues to a thread's list from a reader's text ("1-25, 30, Annual 1"), in
 * its order. Refused as invalid: a malformed part, more than 1,000 at
 * once, an issue listed twice, one the list has already, a list past 5,000.
 */
export async function addIssues(user: User, threadId: number, text: string) {
  const parsed = parseIssueNumbers(text)
  if ('problem' in parsed) throw Refusal.invalid(parsed.problem)
  const { numbers } = parsed
  return withAction(
    user,
    'issues_add',
    async (trx, log) => {
      const now = DateTime.utc()
      const thread = await findOwnThread(user, threadId, { client: trx })
      const { rows } = await trx.rawQuery(
        `SELECT coalesce(max(ordinal), 0)::int AS last, count(*)::int AS total,
                coalesce(array_agg(number ORDER BY ordinal) FILTER (WHERE lower(number) IN
                  (SELECT lower(n) FROM jsonb_array_elements_text(?::jsonb) n)), '{}') AS taken
           FROM issues WHERE thread_id = ? AND user_id = ?`,
        [JSON.stringify(numbers), thread.id, user.id]
      )
      const { last, total, taken } = rows[0] as { last: number; total: number; taken: string[] }
      if (taken.length) {
        throw Refusal.invalid(
          `${issueList(taken)} ${taken.length === 1 ? 'is' : 'are'} already in the list.`
        )
      }
      if (total + numbers.length > ISSUES_PER_THREAD) {
        const room = ISSUES_PER_THREAD - total
        throw Refusal.invalid(
          `A thread lists at most ${format(ISSUES_PER_THREAD)} issues: ${room > 0 ? `${count(room, 'more fits', 'more fit')} in this one` : 'this one is full'}.`
        )
      }
      await log.thread(thread)
      const session = await sessionForActivity(trx, user, log, now)
      const inserted = await trx
        .rawQuery(
          `INSERT INTO issues (user_id, thread_id, number, ordinal)
           SELECT ?, ?, n, ? + o FROM jsonb_array_elements_text(?::jsonb) WITH ORDINALITY AS t(n, o)
           RETURNING *`,
          [user.id, thread.id, last, JSON.stringify(numbers)]
        )
        .catch((error) => {
          // Two labels the database reads as the same issue (its lower case of letters
          // beyond ASCII can differ from ours).
          if ((error as { code?: string }).code === '23505') {
            throw Refusal.invalid('Two of these issues are the same issue, case aside.')
          }
          throw error
        })
      const issues = Issue.$createMultipleFromAdapterResult(inserted.rows).sort(
        (a, b) => a.ordinal - b.ordinal
      )
      log.createdIssues(issues.map((issue) => issue.id))
      await settleThread(trx, thread)
      const written =
        numbers.length === 1 ? issueLabel(numbers[0]) : text.trim().replace(/\s+/g, ' ')
      log.describe(`Issues of ${thread.title}: ${written} added`)
      log.recordLater({
        sessionId: session.id,
        type: 'issues_added',
        threadId: thread.id,
        threadTitle: thread.title,
        issueNumber: written.slice(0, 200),
        issuesRead: null,
      })
      return { issues, thread: await saveThread(trx, log, thread), session }
    },
    (result) => result.session.id
  )
}

/** One of the reader's issues with its row as it is (for an undo of its deletion), or not found. */
async function ownIssue(trx: TransactionClientContract, user: User, issueId: number) {
  const issue =
    Number.isSafeInteger(issueId) && issueId > 0
      ? await Issue.query({ client: trx })
          .withScopes((s) => s.ownedBy(user))
          .where('id', issueId)
          .first()
      : null
  if (!issue) throw Refusal.notFound('That issue is not in your pile.')
  return issue
}

/** Issues whose read mark an action changed, in reading order, with the mark they had. */
interface ChangedMark {
  id: number
  number: string
  readAt: string | null
}

/**
 * What every change of read marks does once the marks are written (one action): the
 * thread as it was and the marks' prior state are kept for the undo, the session counts
 * the activity, the thread's row follows its list, and one event tells it ("14", or
 * "1–13" for a run).
 */
async function recordMarks(
  trx: TransactionClientContract,
  log: ActionLog,
  user: User,
  thread: Thread,
  marks: ChangedMark[],
  read: boolean
) {
  const now = DateTime.utc()
  await log.thread(thread)
  const session = await sessionForActivity(trx, user, log, now)
  log.issueMarks(marks.map((mark) => ({ id: mark.id, read_at: mark.readAt })))
  const { completed } = await settleThread(trx, thread)
  if (read) thread.lastActivityAt = now
  const numbers = marks.map((mark) => mark.number)
  const span = numbers.length === 1 ? numbers[0] : `${numbers[0]}–${numbers.at(-1)}`
  log.describe(`${issueList(numbers)} of ${thread.title} marked ${read ? 'read' : 'unread'}`)
  log.recordLater({
    sessionId: session.id,
    type: read ? 'issue_read' : 'issue_unread',
    threadId: thread.id,
    threadTitle: thread.title,
    issueNumber: span.slice(0, 200),
    issuesRead: marks.length,
    completed,
  })
  return { thread: await saveThread(trx, log, thread), session }
}

/**
 * Marks an issue read (or unread again). Marking it as it already is changes nothing.
 * Reading the last unread one completes the thread; unmarking one of a completed
 * thread puts it back at the front.
 */
export function markIssue(user: User, issueId: number, read: boolean) {
  return withAction(
    user,
    'issue_mark',
    async (trx, log) => {
      const issue = await ownIssue(trx, user, issueId)
      if ((issue.readAt !== null) === read) {
        log.unchanged()
        return { issue, thread: null, session: null }
      }
      const thread = await findOwnThread(user, issue.threadId, { client: trx })
      const prior = { id: issue.id, number: issue.number, readAt: issue.readAt?.toISO() ?? null }
      issue.readAt = read ? DateTime.utc() : null
      await issue.useTransaction(trx).save()
      return { issue, ...(await recordMarks(trx, log, user, thread, [prior], read)) }
    },
    (result) => result.session?.id ?? null
  )
}

/**
 * Marks every unread issue up to this one (in reading order) read, as one action: for a
 * reader who listed a run they are already into. None unread up to it changes nothing.
 */
export function markReadThrough(user: User, issueId: number) {
  return withAction(
    user,
    'issue_mark',
    async (trx, log) => {
      const issue = await ownIssue(trx, user, issueId)
      const thread = await findOwnThread(user, issue.threadId, { client: trx })
      const { rows } = await trx.rawQuery(
        `UPDATE issues SET read_at = now()
          WHERE thread_id = ? AND user_id = ? AND ordinal <= ? AND read_at IS NULL
          RETURNING id, number, ordinal`,
        [thread.id, user.id, issue.ordinal]
      )
      const marked = (rows as Array<{ id: number; number: string; ordinal: number }>)
        .sort((a, b) => a.ordinal - b.ordinal)
        .map((row) => ({ id: row.id, number: row.number, readAt: null }))
      if (marked.length === 0) {
        log.unchanged()
        return { marked, threadId: thread.id, thread: null, session: null }
      }
      return {
        marked,
        threadId: thread.id,
        ...(await recordMarks(trx, log, user, thread, marked, true)),
      }
    },
    (result) => result.session?.id ?? null
  )
}

/** Deletes an issue from its thread's list (undoable: it comes back with its mark). */
export function deleteIssue(user: User, issueId: number) {
  return withAction(
    user,
    'issue_delete',
    async (trx, log) => {
      const now = DateTime.utc()
      const issue = await ownIssue(trx, user, issueId)
      const thread = await findOwnThread(user, issue.threadId, { client: trx })
      await log.thread(thread)
      const session = await sessionForActivity(trx, user, log, now)
      await log.deletedEntriesOf({ issueId: issue.id })
      const { rows } = await trx.rawQuery(
        'DELETE FROM issues i WHERE id = ? AND user_id = ? RETURNING to_jsonb(i) AS row',
        [issue.id, user.id]
      )
      log.deletedIssues(rows.map((row: { row: Record<string, unknown> }) => row.row))
      const { completed } = await settleThread(trx, thread)
      log.describe(`${issueLabel(issue.number)} deleted from ${thread.title}`)
      log.recordLater({
        sessionId: session.id,
        type: 'issue_deleted',
        threadId: thread.id,
        threadTitle: thread.title,
        issueNumber: issue.number,
        completed,
      })
      return { issue, thread: await saveThread(trx, log, thread), session }
    },
    (result) => result.session.id
  )
}

/**
 * Marks the next `count` unread issues of a listed thread read, in one statement, and
 * gives the next unread one after them. Their marks are kept for the undo.
 */
export async function markNextRead(
  trx: TransactionClientContract,
  log: ActionLog,
  thread: Thread,
  howMany: number,
  now: DateTime,
  /** An issue to mark first (the pending read's, picked from a reading order), if unread. */
  first: number | null = null
) {
  const { rows } = await trx.rawQuery(
    `WITH marked AS (
       UPDATE issues SET read_at = ? WHERE id IN (
         SELECT id FROM issues WHERE thread_id = ? AND user_id = ? AND read_at IS NULL
          ORDER BY id = ? DESC, ordinal LIMIT ?)
       RETURNING id, number, ordinal)
     SELECT (SELECT coalesce(json_agg(json_build_object('id', id, 'number', number) ORDER BY ordinal), '[]')
               FROM marked) AS marked,
            (SELECT number FROM issues WHERE thread_id = ? AND user_id = ? AND read_at IS NULL
                AND id NOT IN (SELECT id FROM marked) ORDER BY ordinal LIMIT 1) AS next`,
    [now.toISO()!, thread.id, thread.userId, first ?? 0, howMany, thread.id, thread.userId]
  )
  const marked = rows[0].marked as Array<{ id: number; number: string }>
  log.issueMarks(marked.map((issue) => ({ id: issue.id, read_at: null })))
  return { numbers: marked.map((issue) => issue.number), next: rows[0].next as string | null }
}

/** The thread an issue of the reader's belongs to (refused as not found for anyone else's). */
export async function threadIdOfIssue(user: User, issueId: number) {
  const issue = Number.isSafeInteger(issueId)
    ? await Issue.query()
        .withScopes((s) => s.ownedBy(user))
        .where('id', issueId)
        .select('thread_id')
        .first()
    : null
  if (!issue) throw Refusal.notFound('That issue is not in your pile.')
  return issue.threadId
}
