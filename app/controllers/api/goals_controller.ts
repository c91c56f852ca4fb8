import type { HttpContext } from '@adonisjs/core/http'
import { clearGoal, goalState, setGoal } from '#domain/goals'
import { goalJson } from '#http/api_json'
import { goalValidator } from '#validators/account'

/** The reader's goal, this period's progress and the streak. */
export default class GoalsController {
  async show({ auth }: HttpContext) {
    return goalJson(await goalState(auth.getUserOrFail()))
  }

  async update({ auth, request }: HttpContext) {
    const goal = await request.validateUsing(goalValidator)
    return goalJson(await setGoal(auth.getUserOrFail(), goal))
  }

  async destroy({ auth, response }: HttpContext) {
    await clearGoal(auth.getUserOrFail())
    return response.noContent()
  }
}
