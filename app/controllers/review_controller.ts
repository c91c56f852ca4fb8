import type { HttpContext } from '@adonisjs/core/http'
import { renderReviewPage } from '#http/review_page'

/** A year in review, as a page (the route takes the years 1900–9999 only). */
export default class ReviewController {
  async show(ctx: HttpContext) {
    return renderReviewPage(ctx, Number(ctx.params.year))
  }
}
