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
import {
  FINISHING_EVENTS,
  ISSUES_READ_AMONG_SQL,
  ISSUES_READ_SQL,
  ISSUE_EVENTS,
} from '#domain/analytics'
import { sessionsByWeek, weekRuns } from '#domain/goals'
import { Refusal } from '#domain/refusal'
import { type PileMonth, monthOf, pileByMonth } from '#domain/pile_months'
import { KeptByVersion } from '#services/kept_by_version'

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

/** Reviews kept by the reader's state version (one a reader: the year last asked for). */
const keptReviews = new KeptByVersion<YearReview>(500)

/**
 * The reader's review of `year`; refused as not found for a year without reads. Kept for
 * the reader's state version, year, time zone and month (the current month's pile is the
 * pile as it stands): a review of 10,000 events reads them once until something changes.
 */
export async function yearReview(
  user: User,
  year: number,
  client: QueryClientContract = db.connection(),
  now: DateTime = DateTime.utc()
): Promise<YearReview> {
  const zone = readerSettings(user).timeZone
  const tag = `${year} ${zone} ${monthOf(now, zone)}`
  return keptReviews.through(user.id, user.stateVersion, tag, () =>
    workOutReview(user.id, year, zone, client, now)
  )
}

async function workOutReview(
  userId: number,
  year: number,
  zone: string,
  client: QueryClientContract,
  now: DateTime
): Promise<YearReview> {
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone })
  const end = start.plus({ years: 1 })
  // The end of 9999 is past what a timestamp is written as here: no read is after it.
  const [from, to] = [start.toUTC().toISO()!, year === 9999 ? 'infinity' : end.toUTC().toISO()!]
  const inYear = `user_id = ? AND NOT undone AND created_at >= ? AND created_at < ?`
  const owner = [userId, from, to]

  // The year's events are read by month (reads, threads finished, issues, the die), and for
  // the best-rated reads.
  const [months, top, weeks, started, pile] = await Promise.all([
    client.rawQuery(
      `SELECT extract(month FROM created_at AT TIME ZONE ?)::int AS month,
              count(*) FILTER (WHERE type = 'rate') AS reads,
              count(*) FILTER (WHERE completed AND type = ANY(?::text[])) AS finished,
              ${ISSUES_READ_AMONG_SQL} AS issues,
              avg(die) FILTER (WHERE type = 'roll' AND selection_method = 'random') AS average_die
         FROM events WHERE ${inYear} AND type = ANY(?::text[]) GROUP BY 1`,
      [zone, FINISHING_EVENTS, ...owner, [...ISSUE_EVENTS, 'roll']]
    ),
    client.rawQuery(
      `SELECT thread_id, thread_title, rating, created_at FROM events
        WHERE ${inYear} AND type = 'rate' AND rating IS NOT NULL
        ORDER BY rating DESC, created_at DESC, id DESC LIMIT ${TOP_READS}`,
      owner
    ),
    sessionsByWeek(client, userId, zone, [from, to]),
    client.rawQuery(
      'SELECT count(*) AS total FROM threads WHERE user_id = ? AND created_at >= ? AND created_at < ?',
      owner
    ),
    pileByMonth(client, userId, year, zone, now),
  ])
  type MonthRow = {
    month: number
    reads: string
    finished: string
    issues: string
    average_die: string | null
  }
  const byMonth = new Map<string, MonthRow>(
    (months.rows as MonthRow[]).map((row) => [`${year}-${String(row.month).padStart(2, '0')}`, row])
  )
  const sum = (key: 'reads' | 'finished' | 'issues') =>
    [...byMonth.values()].reduce((total, row) => total + Number(row[key]), 0)
  const issuesRead = Math.max(0, sum('issues'))
  if (sum('reads') === 0 && issuesRead === 0) {
    throw Refusal.notFound(`You have no reads in ${year}.`)
  }
  const issuesByMonth = monthsOf(year).map((name) => ({
    month: name,
    issuesRead: Number(byMonth.get(name)?.issues ?? 0),
  }))
  const busiest = issuesByMonth.reduce<{ month: string; issuesRead: number } | null>(
    (best, month) =>
      month.issuesRead > 0 && month.issuesRead > (best?.issuesRead ?? 0) ? month : best,
    null
  )
  return {
    year,
    issuesRead,
    sessions: weeks.reduce((total, week) => total + week.sessions, 0),
    threadsFinished: sum('finished'),
    threadsStarted: Number(started.rows[0].total),
    topReads: top.rows.map((row: Record<string, unknown>) => ({
      threadId: row.thread_id === null ? null : Number(row.thread_id),
      title: String(row.thread_title ?? 'A deleted thread'),
      rating: Number(row.rating),
      readAt: DateTime.fromJSDate(row.created_at as Date),
    })),
    busiestMonth: busiest && { ...busiest },
    issuesByMonth,
    longestStreakWeeks: weekRuns(weeks.map((week) => week.week)).best,
    dieByMonth: monthsOf(year).map((name) => {
      const average = byMonth.get(name)?.average_die
      return {
        month: name,
        averageDie:
          average === null || average === undefined
            ? null
            : Math.round(Number(average) * 100) / 100,
      }
    }),
    pileByMonth: pile,
  }
}

/** The years with reads, kept by the reader's state version and time zone. */
const keptYears = new KeptByVersion<number[]>(2000)

/**
 * The years the reader has reads in (a rated read, or issues read on balance), in their
 * time zone, oldest first: the years a review has figures for.
 */
export function reviewYears(user: User, client: QueryClientContract = db.connection()) {
  const zone = readerSettings(user).timeZone
  return keptYears.through(user.id, user.stateVersion, zone, async () => {
    const { rows } = await client.rawQuery(
      `SELECT extract(year FROM created_at AT TIME ZONE ?)::int AS year FROM events
        WHERE user_id = ? AND NOT undone AND type = ANY(?::text[])
        GROUP BY 1 HAVING count(*) FILTER (WHERE type = 'rate') > 0 OR ${ISSUES_READ_SQL} > 0
        ORDER BY 1`,
      [zone, user.id, ISSUE_EVENTS]
    )
    return rows.map((row: { year: number }) => Number(row.year))
  })
}
