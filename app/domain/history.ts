import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import ReadingSession from '#models/reading_session'
import Event from '#models/event'
import Thread from '#models/thread'
import { AppError } from '#exceptions/app_error'

export interface Read {
  threadId: number | null
  title: string
  rating: number
  issuesRead: number
}

/** A session told as a short story: ladder path, reads, skipped and completed threads. */
export interface SessionSummary {
  session: ReadingSession
  ladderPath: number[]
  pending: Thread | null
  reads: Read[]
  skipped: string[]
  completed: string[]
}

function summarize(
  session: ReadingSession,
  events: Event[],
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
    })),
    skipped: live
      .filter((event) => event.type === 'rolled_but_skipped')
      .map((event) => event.threadTitle ?? 'A deleted thread'),
    completed: rates
      .filter((event) => event.completed)
      .map((event) => event.threadTitle ?? 'A deleted thread'),
  }
}

async function summaries(client: QueryClientContract, user: User, sessions: ReadingSession[]) {
  if (sessions.length === 0) return []
  const ids = sessions.map((session) => session.id)
  const pendingIds = sessions
    .map((session) => session.pendingThreadId)
    .filter((id): id is number => id !== null)
  const [events, pending] = await Promise.all([
    Event.query({ client })
      .withScopes((s) => s.ownedBy(user))
      .whereIn('session_id', ids)
      .orderBy('id'),
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
  client: QueryClientContract,
  user: User,
  page: number,
  perPage: number
) {
  const [sessions, total] = await Promise.all([
    ReadingSession.query({ client })
      .withScopes((s) => s.ownedBy(user))
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .offset((page - 1) * perPage)
      .limit(perPage),
    client.from('reading_sessions').where('user_id', user.id).count('* as total').first(),
  ])
  return { summaries: await summaries(client, user, sessions), total: Number(total.total) }
}

/** One session with its timeline (oldest first); another reader's id is not found. */
export async function sessionDetail(client: QueryClientContract, user: User, id: number) {
  const session =
    Number.isSafeInteger(id) && id > 0
      ? await ReadingSession.query({ client })
          .withScopes((s) => s.ownedBy(user))
          .where('id', id)
          .first()
      : null
  if (!session) throw AppError.notFound('That session is not in your history.')
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
