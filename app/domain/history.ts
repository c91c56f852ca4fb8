import { FINISHING_EVENTS } from '#domain/analytics'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import ReadingSession from '#models/reading_session'
import Event from '#models/event'
import Thread from '#models/thread'
import { Refusal } from '#domain/refusal'
import { issueLabel } from '#domain/issue_numbers'
import { readTogether } from '#services/reads_together'

export interface Read {
  threadId: number | null
  title: string
  rating: number
  issuesRead: number
  /** The issues of its list the read marked ("14, 15"), for a thread that lists them. */
  issueNumbers: string | null
}

/** A session told as a short story: ladder path, reads, skipped and completed threads. */
export interface SessionSummary {
  session: ReadingSession
  ladderPath: number[]
  pending: Thread | null
  reads: Read[]
  skipped: string[]
  /** Threads snoozed in the session ("not tonight"), whether or not brought back. */
  snoozed: string[]
  /** Issues marked read by hand, as "Saga #14". */
  markedRead: string[]
  completed: string[]
}

/** What a session's story reads of an event: an Event, or a row of `storyEvents`. */
type StoryEvent = Pick<
  Event,
  | 'type'
  | 'undone'
  | 'completed'
  | 'threadId'
  | 'threadTitle'
  | 'rating'
  | 'issuesRead'
  | 'issueNumber'
  | 'dieAfter'
>

function summarize(
  session: ReadingSession,
  events: StoryEvent[],
  pending: Thread | null
): SessionSummary {
  const live = events.filter((event) => !event.undone)
  const rates = live.filter((event) => event.type === 'rate')
  return {
    session,
    pending,
    ladderPath: [session.startDie, ...rates.map((event) => event.dieAfter!).filter(Boolean)],
    reads: rates.map((event) => ({
      threadId: event.threadId,
      title: event.threadTitle ?? 'A deleted thread',
      rating: event.rating ?? 0,
      issuesRead: event.issuesRead ?? 1,
      issueNumbers: event.issueNumber ?? null,
    })),
    skipped: live
      .filter((event) => event.type === 'rolled_but_skipped')
      .map((event) => event.threadTitle ?? 'A deleted thread'),
    snoozed: live
      .filter((event) => event.type === 'snoozed')
      .map((event) => event.threadTitle ?? 'A deleted thread'),
    markedRead: live
      .filter((event) => event.type === 'issue_read')
      .map(
        (event) =>
          `${event.threadTitle ?? 'A deleted thread'} ${issueLabel(event.issueNumber ?? '?')}`
      ),
    // A thread completes by its last rating, or by its last issue marked read.
    completed: live
      .filter((event) => event.completed && FINISHING_EVENTS.includes(event.type))
      .map((event) => event.threadTitle ?? 'A deleted thread'),
  }
}

/**
 * The events of sessions `ids` in order, as plain rows of what their stories read: a
 * page of history reads many events and shows a few facts of each, so they are not
 * made into models.
 */
async function storyEvents(client: QueryClientContract, user: User, ids: number[]) {
  const rows = await client
    .from('events')
    .where('user_id', user.id)
    .whereIn('session_id', ids)
    .orderBy('id')
    .select(
      'session_id',
      'type',
      'undone',
      'completed',
      'thread_id',
      'thread_title',
      'rating',
      'issues_read',
      'issue_number',
      'die_after'
    )
  return rows.map((row) => ({
    sessionId: row.session_id as number,
    type: row.type as Event['type'],
    undone: row.undone as boolean,
    completed: row.completed as boolean,
    threadId: row.thread_id as number | null,
    threadTitle: row.thread_title as string | null,
    rating: row.rating === null ? null : Number(row.rating),
    issuesRead: row.issues_read as number | null,
    issueNumber: row.issue_number as string | null,
    dieAfter: row.die_after as number | null,
  }))
}

async function summaries(client: QueryClientContract, user: User, sessions: ReadingSession[]) {
  if (sessions.length === 0) return []
  const ids = sessions.map((session) => session.id)
  const pendingIds = sessions
    .map((session) => session.pendingThreadId)
    .filter((id): id is number => id !== null)
  const [events, pending] = await readTogether(client, [
    () => storyEvents(client, user, ids),
    async () =>
      pendingIds.length
        ? Thread.query({ client })
            .withScopes((s) => s.ownedBy(user))
            .whereIn('id', pendingIds)
        : [],
  ])
  const bySession = Map.groupBy(events, (event) => event.sessionId)
  const threads = new Map(pending.map((thread) => [thread.id, thread]))
  return sessions.map((session) =>
    summarize(
      session,
      bySession.get(session.id) ?? [],
      session.pendingThreadId ? (threads.get(session.pendingThreadId) ?? null) : null
    )
  )
}

/** The reader's sessions, newest first, a page at a time. */
export async function listSessions(
  user: User,
  page: number,
  perPage: number,
  client: QueryClientContract = db.connection()
) {
  const [sessions, total] = await readTogether(client, [
    () =>
      ReadingSession.query({ client })
        .withScopes((s) => s.ownedBy(user))
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .offset((page - 1) * perPage)
        .limit(perPage),
    () => client.from('reading_sessions').where('user_id', user.id).count('* as total').first(),
  ])
  return { summaries: await summaries(client, user, sessions), total: Number(total.total) }
}

/** One session with its timeline (oldest first); another reader's id is not found. */
export async function sessionDetail(
  user: User,
  id: number,
  client: QueryClientContract = db.connection()
) {
  const session =
    Number.isSafeInteger(id) && id > 0
      ? await ReadingSession.query({ client })
          .withScopes((s) => s.ownedBy(user))
          .where('id', id)
          .first()
      : null
  if (!session) throw Refusal.notFound('That session is not in your history.')
  const events = await Event.query({ client })
    .withScopes((s) => s.ownedBy(user))
    .where('session_id', id)
    .orderBy('id')
  const pending = session.pendingThreadId
    ? await Thread.query({ client })
        .withScopes((s) => s.ownedBy(user))
        .where('id', session.pendingThreadId)
        .first()
    : null
  return { summary: summarize(session, events, pending ?? null), events }
}
