import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import ReadingSession from '#models/reading_session'
import type User from '#models/user'
import { activityDecision } from '#domain/session_clock'
import { sessionSettings } from '#domain/reader_settings'
import { startLadder } from '#domain/reading_state'

/** What an action keeps for its undo about the sessions it touches (see ActionLog). */
export interface SessionRecorder {
  /** The reader's open session as loaded under the lock. */
  readonly openSession: ReadingSession | null
  /** Remembers a session as it is now, before the action changes it. */
  session(session: ReadingSession): void
  /** Remembers a session the action created. */
  createdSession(id: number): void
}

/**
 * The session an activity belongs to (within an action, whose lock loaded the open
 * session), by the session clock: the open one while it is current (its last activity
 * now `now`), else a new one at the start die. An expired session ends at its last
 * activity and hands its pending read over.
 */
export async function sessionForActivity(
  trx: TransactionClientContract,
  user: User,
  record: SessionRecorder,
  now = DateTime.utc()
) {
  const open = record.openSession
  if (open) record.session(open)
  const { gapHours, startDie } = sessionSettings(user)
  const decision = activityDecision(open, gapHours, now.toMillis())
  if (open && decision === 'continue') {
    open.useTransaction(trx).lastActivityAt = now
    return open
  }
  let pending: Pick<
    ReadingSession,
    'pendingThreadId' | 'pendingSince' | 'pendingByHand' | 'pendingIssueId'
  > = {
    pendingThreadId: null,
    pendingSince: null,
    pendingByHand: false,
    pendingIssueId: null,
  }
  if (open) {
    pending = {
      pendingThreadId: open.pendingThreadId,
      pendingSince: open.pendingSince,
      pendingByHand: open.pendingByHand,
      pendingIssueId: open.pendingIssueId,
    }
    open.merge({
      endedAt: open.lastActivityAt,
      pendingThreadId: null,
      pendingSince: null,
      pendingByHand: false,
      pendingIssueId: null,
    })
    await open.useTransaction(trx).save()
  }
  const session = new ReadingSession()
  session.merge({
    userId: user.id,
    startedAt: now,
    lastActivityAt: now,
    startDie,
    currentDie: startDie,
    manualDie: null,
    snoozedThreadIds: [],
    ...pending,
  })
  await session.useTransaction(trx).save()
  startLadder(session)
  record.createdSession(session.id)
  return session
}

/**
 * The session a write that is not itself activity belongs to (a reorder, an undo):
 * the open session while the clock says it is current, else none. Such a write never
 * lands in an earlier evening's session, and starts none.
 */
export function sessionOfQuietWrite(open: ReadingSession | null, user: User, now = DateTime.utc()) {
  if (!open) return null
  const { gapHours } = sessionSettings(user)
  return activityDecision(open, gapHours, now.toMillis()) === 'continue' ? open : null
}
