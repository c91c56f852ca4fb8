import type { HttpContext } from '@adonisjs/core/http'
import { readingAnalytics } from '#domain/analytics'
import { analyticsView } from '#http/analytics_page'

/** Reading analytics, drawn as SVG on the server. */
export default class AnalyticsController {
  async show({ auth, view }: HttpContext) {
    const data = await readingAnalytics(auth.getUserOrFail())
    return view.render('pages/analytics/show', analyticsView(data))
  }
}
