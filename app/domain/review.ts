/**
 * A year in review, counted from the history the app keeps, in the reader's time zone:
 * issues read (as the analytics page counts them), reading sessions (sessions with a rated
 * read, in the year they started), threads finished (a rating or an issue marked read that
 * completed one) and started (added to the pile), the best-rated reads, the busiest month,
 * the longest run of weeks with a reading session, the die of random rolls by month, and
 * the pile at each month's end (recorded from this version on, null before; the current
 * month's as it stands).
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import { readerSettings } from '#domain/reader_settings'
import { FINISHING_EVENTS, ISSUES_READ_SQL, ISSUE_EVENTS } from '#domain/analytics'
import { READING_SESSIONS, readingWeeks, weekRuns } from '#domain/goals'
import { Refusal } from '#domain/refusal'
import { type PileMonth, pileByMonth } from '#domain/pile_months'

/** Reads a review lists at most, best rating first, then the latest. */
export const TOP_READS = 10

export interface YearReview {
  year: number
  issuesRead: number
  sessions: number
  threadsFinished: number
  threadsStarted: number
  topReads: Array<{ threadId: number | null; title: string; rating: number; readAt: DateTime }>
  busiestMonth: { month: string; issuesRead: number } | null
  /** Issues read in each month of the year (the busiest month is the most of them). */
  issuesByMonth: Array<{ month: string; issuesRead: number }>
  longestStreakWeeks: number
  dieByMonth: Array<{ month: string; averageDie: number | null }>
  pileByMonth: PileMonth[]
}

const monthsOf = (year: number) =>
  Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)

/** The reader's review of `year`; refused as not found for a year without reads. */
export async function yearReview(
  user: User,
  year: number,
  client: QueryClientContract = db.connection()
): Promise<YearReview> {
  const zone = readerSettings(user).timeZone
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone })
  const end = start.plus({ years: 1 })
  // The end of 9999 is past what a timestamp is written as here: no read is after it.
  const [from, to] = [start.toUTC().toISO()!, year === 9999 ? 'infinity' : end.toUTC().toISO()!]
  const inYear = `user_id = ? AND NOT undone AND created_at >= ? AND created_at < ?`
  const owner = [user.id, from, to]
  const month = (column: string) => `to_char(${column} AT TIME ZONE ?, 'YYYY-MM')`

  const [totals, byMonth, top, dice, sessions, started, weeks, pile] = await Promise.all([
    client.rawQuery(
      `SELECT count(*) FILTER (WHERE type = 'rate') AS reads,
              count(*) FILTER (WHERE completed AND type = ANY(?::text[])) AS finished
         FROM events WHERE ${inYear}`,
      [FINISHING_EVENTS, ...owner]
    ),
    client.rawQuery(
      `SELECT ${month('created_at')} AS month, ${ISSUES_READ_SQL} AS issues
         FROM events WHERE ${inYear} AND type = ANY(?::text[]) GROUP BY 1`,
      [zone, ...owner, ISSUE_EVENTS]
    ),
    client.rawQuery(
      `SELECT thread_id, thread_title, rating, created_at FROM events
        WHERE ${inYear} AND type = 'rate' AND rating IS NOT NULL
        ORDER BY rating DESC, created_at DESC, id DESC LIMIT ${TOP_READS}`,
      owner
    ),
    client.rawQuery(
      `SELECT ${month('created_at')} AS month, avg(die) AS average FROM events
        WHERE ${inYear} AND type = 'roll' AND selection_method = 'random' GROUP BY 1`,
      [zone, ...owner]
    ),
    client.rawQuery(
      `SELECT count(*) AS total FROM (${READING_SESSIONS}
          AND s.started_at >= ? AND s.started_at < ?) reading`,
      owner
    ),
    client.rawQuery(
      'SELECT count(*) AS total FROM threads WHERE user_id = ? AND created_at >= ? AND created_at < ?',
      owner
    ),
    readingWeeks(client, user.id, zone, [from, to]),
    pileByMonth(client, user.id, year, zone),
  ])
  const total = totals.rows[0]
  const issuesByMonth = new Map<string, number>(
    byMonth.rows.map((row: { month: string; issues: string }) => [row.month, Number(row.issues)])
  )
  const issuesRead = Math.max(
    0,
    [...issuesByMonth.values()].reduce((sum, n) => sum + n, 0)
  )
  if (Number(total.reads) === 0 && issuesRead === 0) {
    throw Refusal.notFound(`You have no reads in ${year}.`)
  }
  const busiest = monthsOf(year).reduce<{ month: string; issuesRead: number } | null>(
    (best, name) => {
      const issues = issuesByMonth.get(name) ?? 0
      return issues > 0 && issues > (best?.issuesRead ?? 0)
        ? { month: name, issuesRead: issues }
        : best
    },
    null
  )
  const dieByMonth = new Map<string, number>(
    dice.rows.map((row: { month: string; average: string }) => [row.month, Number(row.average)])
  )
  return {
    year,
    issuesRead,
    sessions: Number(sessions.rows[0].total),
    threadsFinished: Number(total.finished),
    threadsStarted: Number(started.rows[0].total),
    topReads: top.rows.map((row: Record<string, unknown>) => ({
      threadId: row.thread_id === null ? null : Number(row.thread_id),
      title: String(row.thread_title ?? 'A deleted thread'),
      rating: Number(row.rating),
      readAt: DateTime.fromJSDate(row.created_at as Date),
    })),
    busiestMonth: busiest,
    issuesByMonth: monthsOf(year).map((name) => ({
      month: name,
      issuesRead: issuesByMonth.get(name) ?? 0,
    })),
    longestStreakWeeks: weekRuns(weeks).best,
    dieByMonth: monthsOf(year).map((name) => ({
      month: name,
      averageDie: dieByMonth.has(name) ? Math.round(dieByMonth.get(name)! * 100) / 100 : null,
    })),
    pileByMonth: pile,
  }
}

/**
 * The years the reader has reads in (a rated read, or issues read on balance), in their
 * time zone, oldest first: the years a review has figures for.
 */
export async function reviewYears(user: User, client: QueryClientContract = db.connection()) {
  const { rows } = await client.rawQuery(
    `SELECT extract(year FROM created_at AT TIME ZONE ?)::int AS year FROM events
      WHERE user_id = ? AND NOT undone AND type = ANY(?::text[])
      GROUP BY 1 HAVING count(*) FILTER (WHERE type = 'rate') > 0 OR ${ISSUES_READ_SQL} > 0
      ORDER BY 1`,
    [readerSettings(user).timeZone, user.id, ISSUE_EVENTS]
  )
  return rows.map((row: { year: number }) => Number(row.year)) as number[]
}
