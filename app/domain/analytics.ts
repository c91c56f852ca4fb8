import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { DICE, RATINGS } from '#domain/ladder'
import { idleDays } from '#domain/threads'
import { TOUCHED_AT } from '#domain/queue'
import Thread from '#models/thread'

const WEEKS = 12

/** The reader's own reading, aggregated in the database (a handful of queries). */
export async function readingAnalytics(user: User, client = db.connection()) {
  const since = DateTime.utc()
    .startOf('week')
    .minus({ weeks: WEEKS - 1 })
  const live = () => client.from('events').where({ user_id: user.id, undone: false })
  const [weekly, ratings, dice, mostRead, completions, neglected] = await Promise.all([
    live()
      .where('type', 'rate')
      .where('created_at', '>=', since.toSQL()!)
      .select(client.raw(`date_trunc('week', created_at AT TIME ZONE 'UTC') AS week`))
      .count('* as reads')
      .avg('rating as average')
      .groupByRaw('1'),
    live().where('type', 'rate').select('rating').count('* as total').groupBy('rating'),
    live()
      .where({ type: 'roll', selection_method: 'random' })
      .select('die')
      .count('* as total')
      .groupBy('die'),
    live()
      .where('type', 'rate')
      .select('thread_title')
      .sum('issues_read as issues')
      .count('* as reads')
      .groupBy('thread_title')
      .orderBy('issues', 'desc')
      .limit(5),
    live()
      .where({ type: 'rate', completed: true })
      .select(client.raw(`date_trunc('month', created_at AT TIME ZONE 'UTC') AS month`))
      .count('* as total')
      .groupByRaw('1')
      .orderByRaw('1'),
    Thread.query({ client })
      .withScopes((s) => s.ownedBy(user))
      .withScopes((s) => s.active())
      .orderByRaw(`${TOUCHED_AT} asc`)
      .limit(5),
  ])

  const byWeek = new Map(
    weekly.map((row) => [DateTime.fromJSDate(row.week, { zone: 'utc' }).toISODate(), row])
  )
  const weeks = Array.from({ length: WEEKS }, (_, i) => {
    const start = since.plus({ weeks: i })
    const row = byWeek.get(start.toISODate())
    return {
      label: start.toFormat('d LLL'),
      reads: Number(row?.reads ?? 0),
      average: row ? Number(row.average) : null,
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
    mostRead: mostRead.map((row) => ({
      label: row.thread_title ?? 'A deleted thread',
      value: Number(row.issues),
      reads: Number(row.reads),
    })),
    neglected: neglected.map((thread) => ({ label: thread.title, value: idleDays(thread) })),
    completions: completions.map((row) => ({
      label: DateTime.fromJSDate(row.month, { zone: 'utc' }).toFormat('LLL yyyy'),
      value: Number(row.total),
    })),
    totalReads: weeks.reduce((sum, week) => sum + week.reads, 0),
  }
}
