/**
 * Gentle goals and streaks: a reader may set a goal (issues or sessions per week, month or
 * year) and sees how far along this period is and whether they are on pace; while a goal is
 * set, the streak counts consecutive weeks with a reading session. Periods are the reader's
 * own: weeks start on Monday, at midnight in their time zone. Everything is counted from
 * the history the app keeps: issues read as the analytics page counts them (ratings'
 * issues read, plus issues marked read by hand, less those unmarked, nothing undone), and
 * a reading session is a session with at least one rated read, in the week it started.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import { readerSettings } from '#domain/reader_settings'
import { ISSUES_READ_SQL, ISSUE_EVENTS } from '#domain/analytics'

export type GoalUnit = 'issues' | 'sessions'
export type GoalPer = 'week' | 'month' | 'year'

export interface Goal {
  unit: GoalUnit
  per: GoalPer
  target: number
}

export interface GoalProgress {
  periodStart: DateTime
  periodEnd: DateTime
  done: number
  target: number
  toGo: number
  onPace: boolean
}

export interface Streak {
  weeks: number
  bestWeeks: number
}

/** The reader's goal, or null while none is set. */
export function goalOf(user: Pick<User, 'goalUnit' | 'goalPer' | 'goalTarget'>): Goal | null {
  return user.goalUnit && user.goalPer && user.goalTarget
    ? { unit: user.goalUnit, per: user.goalPer, target: user.goalTarget }
    : null
}

/** Sets the reader's goal (one at a time: a new one replaces it). */
export async function setGoal(user: User, goal: Goal) {
  user.merge({ goalUnit: goal.unit, goalPer: goal.per, goalTarget: goal.target })
  await user.save()
  return goalState(user)
}

/** Turns the goal, and with it the streak, off. */
export async function clearGoal(user: User) {
  user.merge({ goalUnit: null, goalPer: null, goalTarget: null })
  await user.save()
}

/**
 * SQL: the reader's reading sessions (one binding, the owner), as their start times. A
 * session's events are found by its id (the (session_id, id) index) and checked to be the
 * owner's with IS NOT DISTINCT FROM: with `=` the generic plan would also read every event of
 * the owner's for each session (a BitmapAnd costed for an average reader's few events, 90 ms
 * for one with 10,000).
 */
export const READING_SESSIONS = `SELECT s.started_at FROM reading_sessions s
  WHERE s.user_id = ? AND EXISTS (SELECT 1 FROM events e
    WHERE e.session_id = s.id AND e.user_id IS NOT DISTINCT FROM s.user_id
      AND e.type = 'rate' AND NOT e.undone)`

/** What was done in [start, end): issues read, or reading sessions started. */
async function doneIn(
  client: QueryClientContract,
  userId: number,
  unit: GoalUnit,
  start: DateTime,
  end: DateTime
) {
  const [from, to] = [start.toUTC().toISO()!, end.toUTC().toISO()!]
  const { rows } =
    unit === 'issues'
      ? await client.rawQuery(
          `SELECT ${ISSUES_READ_SQL} AS done FROM events
            WHERE user_id = ? AND NOT undone AND type = ANY(?::text[])
              AND created_at >= ? AND created_at < ?`,
          [userId, ISSUE_EVENTS, from, to]
        )
      : await client.rawQuery(
          `SELECT count(*) AS done FROM (${READING_SESSIONS}
              AND s.started_at >= ? AND s.started_at < ?) reading`,
          [userId, from, to]
        )
  return Math.max(0, Number(rows[0].done))
}

/**
 * The weeks with a reading session (started within [from, to) when given), in order, as
 * the starts of the reader's weeks, with how many reading sessions each holds.
 */
export async function sessionsByWeek(
  client: QueryClientContract,
  userId: number,
  zone: string,
  within?: [from: string, to: string]
): Promise<Array<{ week: DateTime; sessions: number }>> {
  const { rows } = await client.rawQuery(
    `SELECT to_char(date_trunc('week', reading.started_at AT TIME ZONE ?), 'YYYY-MM-DD') AS week,
            count(*) AS sessions
       FROM (${READING_SESSIONS}${within ? ' AND s.started_at >= ? AND s.started_at < ?' : ''}) reading
      GROUP BY 1 ORDER BY 1`,
    [zone, userId, ...(within ?? [])]
  )
  return rows.map((row: { week: string; sessions: string }) => ({
    week: DateTime.fromISO(row.week, { zone }).startOf('week'),
    sessions: Number(row.sessions),
  }))
}

/** The weeks with a reading session (see `sessionsByWeek`), as the starts of the weeks. */
export async function readingWeeks(
  client: QueryClientContract,
  userId: number,
  zone: string,
  within?: [from: string, to: string]
): Promise<DateTime[]> {
  const weeks = await sessionsByWeek(client, userId, zone, within)
  return weeks.map((row) => row.week)
}

/** Runs of consecutive weeks among `weeks` (in order): the longest, and the last one's length. */
export function weekRuns(weeks: DateTime[]) {
  let best = 0
  let run = 0
  let previous: DateTime | null = null
  for (const week of weeks) {
    run = previous && Math.round(week.diff(previous, 'weeks').weeks) === 1 ? run + 1 : 1
    best = Math.max(best, run)
    previous = week
  }
  return { best, last: run }
}

/**
 * The streak: consecutive weeks, up to the current one, with a reading session (the
 * current week counts once it has one, and does not break the streak before it), and the
 * longest such run the history holds.
 */
async function streakOf(client: QueryClientContract, userId: number, zone: string, now: DateTime) {
  const weeks = await readingWeeks(client, userId, zone)
  const { best, last: run } = weekRuns(weeks)
  // The run that reaches this week, or last week while this one has no session yet.
  const thisWeek = now.setZone(zone).startOf('week')
  const last = weeks.at(-1)
  const gap = last ? Math.round(thisWeek.diff(last, 'weeks').weeks) : Infinity
  return { weeks: gap <= 1 ? run : 0, bestWeeks: best }
}

/**
 * The reader's goal with this period's progress and the streak (null each while no goal
 * is set), at `now` (the clock, unless a test fixes it).
 */
export async function goalState(
  user: User,
  now: DateTime = DateTime.now(),
  client: QueryClientContract = db.connection()
): Promise<{ goal: Goal | null; progress: GoalProgress | null; streak: Streak | null }> {
  const goal = goalOf(user)
  if (!goal) return { goal: null, progress: null, streak: null }
  const zone = readerSettings(user).timeZone
  const periodStart = now.setZone(zone).startOf(goal.per)
  const periodEnd = periodStart.plus({ [goal.per]: 1 })
  const [done, streak] = await Promise.all([
    doneIn(client, user.id, goal.unit, periodStart, periodEnd),
    streakOf(client, user.id, zone, now),
  ])
  const gone = now.diff(periodStart).toMillis() / periodEnd.diff(periodStart).toMillis()
  return {
    goal,
    progress: {
      periodStart,
      periodEnd,
      done,
      target: goal.target,
      toGo: Math.max(0, goal.target - done),
      onPace: done >= goal.target * Math.min(1, Math.max(0, gone)),
    },
    streak,
  }
}
