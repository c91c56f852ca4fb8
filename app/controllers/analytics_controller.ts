import type { HttpContext } from '@adonisjs/core/http'
import { renderAnalyticsPage } from '#http/analytics_page'

/** Reading analytics, drawn as SVG on the server (the goal's forms: reading_goal_controller.ts). */
export default class AnalyticsController {
  async show(ctx: HttpContext) {
    return renderAnalyticsPage(ctx)
  }
}
