import { DateTime } from 'luxon'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import env from '#start/env'
import ReadingSession from '#models/reading_session'
import type User from '#models/user'
import type { Die } from '#domain/ladder'
import type { ActionLog } from '#domain/action_log'
import { ownerId } from '#models/owner'
import { columnsOf, preparedQuery } from '#services/prepared_statements'

/** The reader's session settings, falling back to SESSION_GAP_HOURS and START_DIE. */
export function sessionSettings(user: User) {
  return {
    gapHours: user.sessionGapHours ?? env.get('SESSION_GAP_HOURS') ?? 6,
    startDie: (user.startDie ?? Number(env.get('START_DIE') ?? 6)) as Die,
  }
}

function isStale(session: ReadingSession, user: User, now: DateTime) {
  return session.lastActivityAt < now.minus({ hours: sessionSettings(user).gapHours })
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
  return session && !isStale(session, user, now) ? session : null
}

/** The dice a session's live ratings stepped to, in order, as the column `ladder`. */
export const LADDER_COLUMN = `ARRAY(SELECT e.die_after FROM events e
  WHERE e.user_id = reading_sessions.user_id AND e.session_id = reading_sessions.id
    AND e.type = 'rate' AND NOT e.undone ORDER BY e.id) AS ladder`

/**
 * In one query: the open session, else the latest one (for a pending read left from
 * an earlier evening), with the dice its live ratings stepped to (`$extras.ladder`).
 */
export async function findLatestSessionWithLadder(
  client: QueryClientContract,
  user: User,
  extraColumns: string[] = []
) {
  const { rows } = await preparedQuery(client, latestSessionText(extraColumns), [ownerId(user)])
  return rows[0] ? ReadingSession.$createFromAdapterResult(rows[0])! : null
}

/**
 * The statement of `findLatestSessionWithLadder` (one binding: the owner). With
 * `prefix`, the session's columns are named `prefix` + name (the ladder and the
 * extra columns keep their names), to join it with other rows.
 */
export function latestSessionText(extraColumns: string[], prefix?: string) {
  const columns = [...columnsOf(ReadingSession, 'reading_sessions', prefix), LADDER_COLUMN]
  return `SELECT ${[...columns, ...extraColumns].join(', ')}
    FROM (SELECT * FROM reading_sessions WHERE user_id = ?
           ORDER BY ended_at IS NULL DESC, id DESC LIMIT 1) AS reading_sessions`
}

/** Records a live rating's die on the ladder loaded with the session (if it was). */
export function stepLoadedLadder(session: ReadingSession, die: number) {
  const ladder = session.$extras.ladder as unknown[] | undefined
  ladder?.push(die)
}

/** The ladder of a session as loaded with it, or null when it was loaded without. */
export function loadedLadder(session: ReadingSession): number[] | null {
  const ladder = session.$extras.ladder as unknown[] | undefined
  return ladder ? ladder.map(Number) : null
}

/** Whether a session is still the current one (open, and active within the gap). */
export function isCurrent(session: ReadingSession, user: User, now = DateTime.utc()) {
  return session.endedAt === null && !isStale(session, user, now)
}

/**
 * The session an activity belongs to (within an action, whose lock loaded the open
 * session): the open one while it is current, else a new one at the start die. An
 * expired session ends at its last activity and hands its pending read over.
 */
export async function sessionForActivity(
  trx: TransactionClientContract,
  user: User,
  log: ActionLog,
  now = DateTime.utc()
) {
  const open = log.openSession
  if (open) log.session(open)
  if (open && !isStale(open, user, now)) {
    open.useTransaction(trx).lastActivityAt = now
    return open
  }
  let pending: Pick<ReadingSession, 'pendingThreadId' | 'pendingSince'> = {
    pendingThreadId: null,
    pendingSince: null,
  }
  if (open) {
    pending = { pendingThreadId: open.pendingThreadId, pendingSince: open.pendingSince }
    open.merge({ endedAt: open.lastActivityAt, pendingThreadId: null, pendingSince: null })
    await open.useTransaction(trx).save()
  }
  const { startDie } = sessionSettings(user)
  const session = new ReadingSession()
  session.merge({
    userId: user.id,
    startedAt: now,
    lastActivityAt: now,
    startDie,
    currentDie: startDie,
    manualDie: null,
    ...pending,
  })
  await session.useTransaction(trx).save()
  session.$extras.ladder = []
  log.createdSession(session.id)
  return session
}
