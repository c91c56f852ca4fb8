/**
 * What the analytics page shows of the reader's reading (see app/domain/analytics.ts):
 * the charts' geometry, and a sentence for each chart that says what it shows, ties
 * said as ties.
 */
import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import { READS_FOR_CHARTS, mostOften, readingAnalytics } from '#domain/analytics'
import { goalState } from '#domain/goals'
import { reviewYears } from '#domain/review'
import { GOOD_RATING } from '#domain/ladder'
import { CHART, linePoints, rankedRows, verticalBars } from '#services/charts'
import { count, listed } from '#services/words'

type Analytics = Awaited<ReturnType<typeof readingAnalytics>>

/** "You give 4.0 most often (3 times)", or the tie: "3.0 and 4.0 equally often (2 times each)". */
function mostOftenText(
  data: Array<{ label: string; value: number }>,
  words: { one: (label: string) => string; many: (labels: string) => string; unit: string }
) {
  const { labels, value } = mostOften(data)
  if (labels.length === 0) return null
  if (labels.length === 1)
    return `${words.one(labels[0])} most often (${count(value, words.unit)}).`
  return `${words.many(listed(labels))} equally often (${count(value, words.unit)} each).`
}

export function analyticsView(data: Analytics) {
  const rated = data.weeks.filter((week) => week.average !== null)
  const average = rated.length
    ? rated.reduce((sum, week) => sum + week.average! * week.reads, 0) / data.readsInWeeks
    : null
  const completed = data.completions.reduce((sum, month) => sum + month.value, 0)
  return {
    enough: data.ratedReads >= READS_FOR_CHARTS,
    readsForCharts: READS_FOR_CHARTS,
    ratedReads: data.ratedReads,
    chart: CHART,
    weekly: verticalBars(
      data.weeks.map((week) => ({ label: week.label, value: week.reads })),
      true
    ),
    issuesWeekly: verticalBars(
      data.weeks.map((week) => ({ label: week.label, value: week.issues })),
      true
    ),
    snoozesWeekly: verticalBars(
      data.weeks.map((week) => ({ label: week.label, value: week.snoozes })),
      true
    ),
    averages: linePoints(
      data.weeks.map((week) => week.average),
      5
    ),
    ratings: verticalBars(data.ratings),
    goodRating: GOOD_RATING,
    dice: verticalBars(data.dice),
    mostRead: rankedRows(data.mostRead),
    neglected: rankedRows(data.neglected),
    completions: verticalBars(data.completions),
    takeaways: {
      weekly: data.readsInWeeks
        ? `${count(data.readsInWeeks, 'read')} in ${count(data.weeksShown, 'week')}${average === null ? '' : `, rated ${average.toFixed(1)} on average`}.`
        : `No reads in the last ${count(data.weeksShown, 'week')}.`,
      issues: data.issuesInWeeks
        ? `${count(data.issuesInWeeks, 'issue')} read in ${count(data.weeksShown, 'week')}, by ratings and marked by hand.`
        : `No issues read in the last ${count(data.weeksShown, 'week')}.`,
      snoozes: data.snoozesInWeeks
        ? `${count(data.snoozesInWeeks, 'thread')} snoozed (“not tonight”) in ${count(data.weeksShown, 'week')}.`
        : `Nothing snoozed in the last ${count(data.weeksShown, 'week')}: every roll was read or skipped.`,
      ratings:
        mostOftenText(data.ratings, {
          one: (label) => `You give ${label}`,
          many: (labels) => `You give ${labels}`,
          unit: 'time',
        }) ?? 'No ratings yet.',
      dice:
        mostOftenText(data.dice, {
          one: (label) => `You roll the ${label}`,
          many: (labels) => `You roll ${labels}`,
          unit: 'roll',
        }) ?? 'No rolls yet.',
      completions: `${count(completed, 'thread')} finished.`,
    },
  }
}

type GoalState = Awaited<ReturnType<typeof goalState>>

const PERIOD_WORDS = { week: 'this week', month: 'this month', year: 'this year' } as const

/**
 * What the page says of the goal, in kind words: how many to go this period (or that it
 * is met), on pace or how long is left (never "behind"), and the streak.
 */
export function goalView({ goal, progress, streak }: GoalState, now = DateTime.now()) {
  if (!goal || !progress || !streak) return null
  const unit = goal.unit === 'issues' ? 'issue' : 'reading session'
  const period = PERIOD_WORDS[goal.per]
  const progressText =
    progress.toGo === 0
      ? `Goal met: ${progress.done} of ${count(progress.target, unit)} ${period}.`
      : `${progress.toGo} to go ${period} (${progress.done} of ${count(progress.target, unit)}).`
  const daysLeft = Math.max(1, Math.ceil(progress.periodEnd.diff(now, 'days').days))
  const paceText =
    progress.toGo === 0
      ? null
      : progress.onPace
        ? 'On pace.'
        : `${count(daysLeft, 'day')} left ${period}.`
  const streakText = streak.weeks
    ? `${count(streak.weeks, 'week')} in a row with a reading session${streak.bestWeeks > streak.weeks ? ` (your best: ${streak.bestWeeks})` : ''}.`
    : streak.bestWeeks
      ? `A reading session this week starts a new streak (your best: ${count(streak.bestWeeks, 'week')}).`
      : 'A reading session this week starts your streak.'
  return { goal, progressText, paceText, streakText, done: progress.done, target: progress.target }
}

/**
 * The analytics page: the charts, the goal when one is set (else the form to set it), and
 * the years in review there are.
 */
export async function renderAnalyticsPage(ctx: HttpContext) {
  const user = ctx.auth.getUserOrFail()
  const [data, goals, years] = await Promise.all([
    readingAnalytics(user),
    goalState(user),
    reviewYears(user),
  ])
  return ctx.view.render('pages/analytics/show', {
    ...analyticsView(data),
    goal: goalView(goals),
    reviewYears: years.toReversed(),
  })
}
