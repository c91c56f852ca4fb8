/**
 * The pile at each month's end (active threads and the issues they have left), for the
 * year in review: recorded from this version on, by the first change of each month in
 * the reader's time zone. Every change of a reader's pile runs under their lock
 * (user_lock.ts), whose statement reads the month of their latest change
 * (`users.pile_month`); nothing changes the pile between two changes, so the pile as the
 * first change of a later month finds it is the end of that month and of every quiet month
 * after it. A reader's first change under this version records nothing (the pile had
 * changed earlier in that month), so months before it stay unknown.
 */
import { DateTime } from 'luxon'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { inQueueSql } from '#domain/thread_state'

/** Months a long-quiet reader's first change records at most (the latest ones). */
const QUIET_MONTHS = 120

/** Month formats by time zone: every change asks for its reader's month, cheaply. */
const monthFormats = new Map<string, Intl.DateTimeFormat>()

/** The month ("YYYY-MM") of a time in a time zone. */
export function monthOf(time: DateTime, zone: string) {
  let format = monthFormats.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit' })
    monthFormats.set(zone, format)
  }
  const parts = format.formatToParts(time.toJSDate())
  const part = (type: string) => parts.find((one) => one.type === type)!.value
  return `${part('year').padStart(4, '0')}-${part('month')}`
}

/** The months from `from` up to, not including, `to` ("YYYY-MM" each), the latest `QUIET_MONTHS`. */
export function monthsBetween(from: string, to: string) {
  const months: string[] = []
  let month = DateTime.fromFormat(from, 'yyyy-MM', { zone: 'UTC' })
  const end = DateTime.fromFormat(to, 'yyyy-MM', { zone: 'UTC' })
  while (month < end) {
    months.push(month.toFormat('yyyy-MM'))
    month = month.plus({ months: 1 })
  }
  return months.slice(-QUIET_MONTHS)
}

/** SQL: the reader's pile now, as `active_threads` and `issues_left`. One binding: the owner. */
const PILE_NOW = `SELECT count(*)::int AS active_threads,
    coalesce(sum(issues_remaining), 0)::bigint AS issues_left
  FROM threads WHERE user_id = ? AND ${inQueueSql()}`

/**
 * Under the reader's lock, before a change: when the month of their latest change
 * (`latest`, null before this version) is past in their time zone, records the pile as
 * it stands for that month and every month since, and makes this month theirs. One
 * statement, once a month; none otherwise.
 */
export async function recordMonthEnds(
  trx: TransactionClientContract,
  userId: number,
  latest: string | null,
  zone: string,
  now: DateTime = DateTime.utc()
) {
  const month = monthOf(now, zone)
  if (latest === month) return
  const ended = latest && latest < month ? monthsBetween(latest, month) : []
  await trx.rawQuery(
    `WITH pile AS (${PILE_NOW}),
       recorded AS (INSERT INTO pile_months (user_id, month, active_threads, issues_left)
         SELECT ?, ended.month, pile.active_threads, pile.issues_left
           FROM pile, unnest(?::text[]) AS ended(month)
         ON CONFLICT (user_id, month) DO NOTHING)
     UPDATE users SET pile_month = ? WHERE id = ?`,
    [userId, userId, ended, month, userId]
  )
}

export interface PileMonth {
  month: string
  activeThreads: number | null
  issuesLeft: number | null
}

/**
 * The pile at the end of each month of `year` (the current month: as it stands now), null
 * where unknown (before the figures were recorded, and months still to come).
 */
export async function pileByMonth(
  client: QueryClientContract,
  userId: number,
  year: number,
  zone: string,
  now: DateTime = DateTime.utc()
): Promise<PileMonth[]> {
  const current = monthOf(now, zone)
  const thisYear = current.startsWith(`${year}-`)
  const [recorded, live] = await Promise.all([
    client
      .from('pile_months')
      .where('user_id', userId)
      .whereBetween('month', [`${year}-01`, `${year}-12`])
      .select('month', 'active_threads', 'issues_left'),
    thisYear ? client.rawQuery(PILE_NOW, [userId]) : null,
  ])
  const figures = new Map<string, { active_threads: unknown; issues_left: unknown }>(
    recorded.map((row) => [row.month, row])
  )
  if (live) figures.set(current, live.rows[0])
  return Array.from({ length: 12 }, (_, i) => {
    const month = `${year}-${String(i + 1).padStart(2, '0')}`
    const row = month <= current ? figures.get(month) : undefined
    return {
      month,
      activeThreads: row ? Number(row.active_threads) : null,
      issuesLeft: row ? Number(row.issues_left) : null,
    }
  })
}
