import type { HttpContext } from '@adonisjs/core/http'
import { yearReview } from '#domain/review'
import { reviewJson } from '#http/api_json'
import { reviewYearValidator } from '#validators/account'

/** A year in review. */
export default class ReviewsController {
  async show({ auth, params }: HttpContext) {
    const { year } = await reviewYearValidator.validate({ year: params.year })
    return reviewJson(await yearReview(auth.getUserOrFail(), year))
  }
}
