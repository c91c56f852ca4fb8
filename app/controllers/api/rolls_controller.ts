import type { HttpContext } from '@adonisjs/core/http'
import { threadJson, viewJson } from '#http/api_json'
import { override, rate, roll, skip, snooze } from '#domain/ritual'
import { overrideValidator, rateValidator } from '#validators/ritual'
import { AppError } from '#exceptions/app_error'

/** Roll, override, skip, snooze and rate: the ritual over the JSON API. */
export default class RollsController {
  async roll({ auth }: HttpContext) {
    const result = await roll(auth.getUserOrFail())
    return {
      die: result.die,
      result: result.result,
      thread: threadJson(result.thread),
      session: viewJson(result.view),
    }
  }

  async override({ auth, request }: HttpContext) {
    const { thread_id: threadId, issue_id: issueId } = await request.validateUsing(
      overrideValidator,
      { data: request.body() }
    )
    const result = await AppError.onField(
      'issue_id',
      override(auth.getUserOrFail(), threadId, issueId ?? null)
    )
    return {
      die: result.die,
      result: null,
      thread: threadJson(result.thread),
      session: viewJson(result.view),
    }
  }

  async skip({ auth }: HttpContext) {
    const result = await skip(auth.getUserOrFail())
    return {
      skipped: result.skipped ? threadJson(result.skipped) : null,
      session: viewJson(result.view),
    }
  }

  async snooze({ auth }: HttpContext) {
    const result = await snooze(auth.getUserOrFail())
    return { snoozed: threadJson(result.snoozed), session: viewJson(result.view) }
  }

  async rate({ auth, request }: HttpContext) {
    const data = await request.validateUsing(rateValidator, { data: request.body() })
    const result = await rate(auth.getUserOrFail(), {
      rating: data.rating,
      issuesRead: data.issues_read ?? 1,
      finishSession: data.finish_session ?? false,
    })
    return {
      thread: threadJson(result.thread),
      die_before: result.dieBefore,
      die_after: result.dieAfter,
      queue_move: result.queueMove,
      completed: result.completed,
      session: viewJson(result.view),
    }
  }
}
