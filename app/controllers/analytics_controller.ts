import type { HttpContext } from '@adonisjs/core/http'
import { readingAnalytics } from '#domain/analytics'
import { CHART, horizontalBars, linePoints, verticalBars } from '#services/charts'

/** Reading analytics, drawn as SVG on the server. */
export default class AnalyticsController {
  async show({ auth, view }: HttpContext) {
    const data = await readingAnalytics(auth.getUserOrFail())
    const weekly = verticalBars(data.weeks.map((w) => ({ label: w.label, value: w.reads })))
    const averages = linePoints(
      data.weeks.map((w) => w.average),
      5
    )
    const rated = data.weeks.filter((w) => w.average !== null)
    const bestRating = data.ratings.reduce(
      (best, r) => (r.value > best.value ? r : best),
      data.ratings[0]
    )
    const topDie = data.dice.reduce((best, d) => (d.value > best.value ? d : best), data.dice[0])
    return view.render('pages/analytics/show', {
      data,
      chart: CHART,
      weekly,
      averages,
      ratings: verticalBars(data.ratings),
      dice: verticalBars(data.dice),
      mostRead: horizontalBars(data.mostRead),
      neglected: horizontalBars(data.neglected),
      completions: verticalBars(data.completions),
      takeaways: {
        weekly: data.totalReads
          ? `${data.totalReads} reads in 12 weeks${rated.length ? `, averaging ${(rated.reduce((s, w) => s + w.average!, 0) / rated.length).toFixed(1)} stars` : ''}.`
          : 'No reads in the last 12 weeks yet.',
        ratings: bestRating.value ? `You give ${bestRating.label} most often.` : 'No ratings yet.',
        dice: topDie.value ? `The ${topDie.label} is the die you roll most.` : 'No rolls yet.',
      },
    })
  }
}
