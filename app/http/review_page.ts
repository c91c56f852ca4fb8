/**
 * What the year in review page shows (see app/domain/review.ts): the year's figures in
 * words, its months as charts drawn on the server, each with the same figures as text,
 * and the other years that have reads.
 */
import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import { type YearReview, reviewYears, yearReview } from '#domain/review'
import { Refusal } from '#domain/refusal'
import { CHART, verticalBars } from '#services/charts'
import { DICE, stars } from '#domain/ladder'
import { count } from '#services/words'
import { monthOf } from '#domain/pile_months'
import { readerSettings } from '#domain/reader_settings'

const monthName = (month: string, format = 'LLLL') =>
  DateTime.fromFormat(month, 'yyyy-MM', { zone: 'UTC' }).toFormat(format)

/** One decimal, as a die's average is said ("6.5"). */
const tenths = (value: number) => (Math.round(value * 10) / 10).toFixed(1)

/** The page's view of a review; `current` is the reader's month now (its pile is so far). */
export function reviewView(review: YearReview, current: string) {
  const rolled = review.dieByMonth.filter((m) => m.averageDie !== null)
  const byDie = [...rolled].sort((a, b) => a.averageDie! - b.averageDie!)
  const known = review.pileByMonth.filter((m) => m.activeThreads !== null)
  const lastKnown = known.at(-1)
  return {
    chart: CHART,
    issues: verticalBars(
      review.issuesByMonth.map((m) => ({ label: monthName(m.month, 'LLL'), value: m.issuesRead }))
    ),
    issuesText: review.issuesByMonth
      .map((m) => `${monthName(m.month)}: ${count(m.issuesRead, 'issue')}`)
      .join(', '),
    // Against the largest die, so that a month of d4s looks small.
    dice: verticalBars(
      review.dieByMonth.map((m) => ({
        label: monthName(m.month, 'LLL'),
        value: m.averageDie ?? 0,
      })),
      false,
      Math.max(...DICE)
    ),
    diceText: review.dieByMonth
      .map(
        (m) =>
          `${monthName(m.month)}: ${m.averageDie === null ? 'no random rolls' : `d${tenths(m.averageDie)} on average`}`
      )
      .join(', '),
    pile: verticalBars(
      review.pileByMonth.map((m) => ({
        label: monthName(m.month, 'LLL'),
        value: m.activeThreads ?? 0,
      }))
    ),
    pileRows: review.pileByMonth.map((m) => ({ ...m, name: monthName(m.month) })),
    pileText: review.pileByMonth
      .map(
        (m) =>
          `${monthName(m.month)}: ${m.activeThreads === null ? 'not known' : `${count(m.activeThreads, 'thread')}, ${count(m.issuesLeft!, 'issue')} left`}`
      )
      .join(', '),
    busiestName: review.busiestMonth && monthName(review.busiestMonth.month),
    stars,
    takeaways: {
      issues: review.busiestMonth
        ? `${count(review.issuesRead, 'issue')} read; the most in ${monthName(review.busiestMonth.month)} (${review.busiestMonth.issuesRead}).`
        : `${count(review.issuesRead, 'issue')} read.`,
      dice: byDie.length
        ? byDie.length === 1
          ? `Random rolls only in ${monthName(byDie[0].month)}: d${tenths(byDie[0].averageDie!)} on average.`
          : `Smallest on average in ${monthName(byDie[0].month)} (d${tenths(byDie[0].averageDie!)}), largest in ${monthName(byDie.at(-1)!.month)} (d${tenths(byDie.at(-1)!.averageDie!)}). A good read makes the die smaller.`
        : 'No random rolls this year: every read was picked by hand.',
      pile: lastKnown
        ? `${lastKnown.month === current ? `In ${monthName(lastKnown.month)} so far` : `At the end of ${monthName(lastKnown.month)}`}: ${count(lastKnown.activeThreads!, 'thread')} in your queue, ${count(lastKnown.issuesLeft!, 'issue')} left.`
        : `No month-end figures for ${review.year}: the pile is counted at the end of each month from the first month this app kept them.`,
      pileMissing:
        known.length && review.pileByMonth[0].activeThreads === null
          ? `Not known before ${monthName(known[0].month)}: month-end figures are kept from then on.`
          : null,
    },
  }
}

/**
 * The review of `year`: its page, or (a year without reads) a page saying so, with a
 * 404 status, that lists the years there are.
 */
export async function renderReviewPage(ctx: HttpContext, year: number) {
  const user = ctx.auth.getUserOrFail()
  const [review, years] = await Promise.all([
    yearReview(user, year).catch((error) => {
      if (error instanceof Refusal && error.reason === 'not_found') return null
      throw error
    }),
    reviewYears(user),
  ])
  if (!review) ctx.response.status(404)
  return ctx.view.render('pages/review/show', {
    year,
    review,
    years,
    previous: years.filter((y) => y < year).at(-1) ?? null,
    next: years.find((y) => y > year) ?? null,
    ...(review ? reviewView(review, monthOf(DateTime.utc(), readerSettings(user).timeZone)) : {}),
  })
}
