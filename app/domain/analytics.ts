import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { DICE, RATINGS } from '#domain/ladder'
import { idleDays } from '#domain/threads'
import { TOUCHED_AT } from '#domain/queue'
import Thread from '#models/thread'
import { readerSettings } from '#domain/reader_settings'

/** Weeks the weekly chart covers at most, and at least (a new reader's first weeks). */
const WEEKS = 12
const FEWEST_WEEKS = 4

/** The events that read issues: ratings, and issues marked read by hand (less those unmarked). */
export const ISSUE_EVENTS = ['rate', 'issue_read', 'issue_unread']
/** How many issues such events read, as an aggregate (the goals count them so too). */
export const ISSUES_READ_SQL = `coalesce(sum(CASE type WHEN 'issue_unread' THEN -issues_read ELSE issues_read END), 0)`
/** The same aggregate over the issue events among others (a statement that reads more types). */
export const ISSUES_READ_AMONG_SQL = `coalesce(sum(CASE type WHEN 'issue_unread' THEN -issues_read ELSE issues_read END)
  FILTER (WHERE type IN (${ISSUE_EVENTS.map((type) => `'${type}'`).join(', ')})), 0)`

/** The events that finish a thread when they complete it: a rating, an issue marked read. */
export const FINISHING_EVENTS = ['rate', 'issue_read']

/** Rated reads before the charts say anything (fewer show how far there is to go). */
export const READS_FOR_CHARTS = 3

/** The values shared by the most items (a tie names them all), and that value. */
export function mostOften(data: Array<{ label: string; value: number }>) {
  const value = Math.max(0, ...data.map((d) => d.value))
  return { labels: value ? data.filter((d) => d.value === value).map((d) => d.label) : [], value }
}

/** The reader's own reading, aggregated in the database (a handful of queries). */
export async function readingAnalytics(user: User, client = db.connection()) {
  // Weeks and months are the reader's own: they start at midnight in their time zone.
  const zone = readerSettings(user).timeZone
  const thisWeek = DateTime.now().setZone(zone).startOf('week')
  const live = () => client.from('events').where({ user_id: user.id, undone: false })
  const first = await live().where('type', 'rate').min('created_at as at').first()
  // From the week of the first read (at least a few weeks, at most twelve).
  const firstWeek = first?.at
    ? DateTime.fromJSDate(new Date(first.at)).setZone(zone).startOf('week')
    : thisWeek
  const weekCount = Math.min(
    WEEKS,
    Math.max(FEWEST_WEEKS, Math.round(thisWeek.diff(firstWeek, 'weeks').weeks) + 1)
  )
  const since = thisWeek.minus({ weeks: weekCount - 1 })
  const [weekly, ratings, dice, mostRead, completions, neglected] = await Promise.all([
    // Each week's reads and their average rating, issues read (by ratings, and marked
    // by hand less those unmarked) and snoozes.
    live()
      .whereIn('type', [...ISSUE_EVENTS, 'snoozed'])
      .where('created_at', '>=', since.toSQL()!)
      .select(
        client.raw(`to_char(date_trunc('week', created_at AT TIME ZONE ?), 'YYYY-MM-DD') AS week`, [
          zone,
        ]),
        client.raw(`count(*) FILTER (WHERE type = 'rate') AS reads`),
        client.raw(`avg(rating) FILTER (WHERE type = 'rate') AS average`),
        client.raw(`${ISSUES_READ_SQL} AS issues`),
        client.raw(`count(*) FILTER (WHERE type = 'snoozed') AS snoozes`)
      )
      .groupByRaw('1'),
    live().where('type', 'rate').select('rating').count('* as total').groupBy('rating'),
    live()
      .where({ type: 'roll', selection_method: 'random' })
      .select('die')
      .count('* as total')
      .groupBy('die'),
    live()
      .whereIn('type', ISSUE_EVENTS)
      .select(
        'thread_title',
        client.raw(`${ISSUES_READ_SQL} AS issues`),
        client.raw(`count(*) FILTER (WHERE type = 'rate') AS reads`)
      )
      .groupBy('thread_title')
      .orderByRaw('2 DESC')
      .limit(5),
    live()
      .where('completed', true)
      .whereIn('type', FINISHING_EVENTS)
      .select(
        client.raw(`to_char(date_trunc('month', created_at AT TIME ZONE ?), 'YYYY-MM') AS month`, [
          zone,
        ])
      )
      .count('* as total')
      .groupByRaw('1')
      .orderByRaw('1'),
    Thread.query({ client })
      .withScopes((s) => s.ownedBy(user))
      .withScopes((s) => s.active())
      .orderByRaw(`${TOUCHED_AT} asc`)
      .limit(5),
  ])

  const byWeek = new Map(weekly.map((row) => [String(row.week), row]))
  const weeks = Array.from({ length: weekCount }, (_, i) => {
    const start = since.plus({ weeks: i })
    const row = byWeek.get(start.toISODate()!)
    return {
      label: start.toFormat('d LLL'),
      reads: Number(row?.reads ?? 0),
      average: row?.average === null || row?.average === undefined ? null : Number(row.average),
      issues: Math.max(0, Number(row?.issues ?? 0)),
      snoozes: Number(row?.snoozes ?? 0),
    }
  })
  const ratingCounts = new Map(ratings.map((row) => [Number(row.rating), Number(row.total)]))
  const diceCounts = new Map(dice.map((row) => [Number(row.die), Number(row.total)]))
  return {
    weeks,
    ratings: RATINGS.map((rating) => ({
      label: rating.toFixed(1),
      value: ratingCounts.get(rating) ?? 0,
    })),
    dice: DICE.map((die) => ({ label: `d${die}`, value: diceCounts.get(die) ?? 0 })),
    mostRead: mostRead
      .map((row) => ({
        label: row.thread_title ?? 'A deleted thread',
        value: Number(row.issues),
        reads: Number(row.reads),
      }))
      .filter((row) => row.value > 0),
    // Untouched for a day at least: a thread read tonight is not neglected.
    neglected: neglected
      .map((thread) => ({ label: thread.title, value: idleDays(thread) }))
      .filter((row) => row.value > 0),
    completions: completions.map((row) => ({
      label: DateTime.fromFormat(String(row.month), 'yyyy-MM').toFormat('LLL yyyy'),
      value: Number(row.total),
    })),
    weeksShown: weekCount,
    readsInWeeks: weeks.reduce((sum, week) => sum + week.reads, 0),
    issuesInWeeks: weeks.reduce((sum, week) => sum + week.issues, 0),
    snoozesInWeeks: weeks.reduce((sum, week) => sum + week.snoozes, 0),
    ratedReads: [...ratingCounts.values()].reduce((sum, total) => sum + total, 0),
  }
}
