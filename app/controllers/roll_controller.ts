import type { HttpContext } from '@adonisjs/core/http'
import {
  clearFilter,
  override,
  roll,
  setFilter,
  setManualDie,
  skip,
  snooze,
  unsnooze,
} from '#domain/ritual'
import { type Die } from '#domain/ladder'
import { renderFilterPage, renderRollPage } from '#http/page_views'
import { filterOf, filterText } from '#domain/tonight_filter'
import { AppError } from '#exceptions/app_error'
import { issueLabel } from '#domain/issue_numbers'
import { dieValidator, filterValidator, overrideValidator } from '#validators/ritual'

/**
 * The roll page (home) and its actions: roll, pick another, skip, snooze, die picker,
 * tonight's filter (its own page).
 */
export default class RollController {
  async show(ctx: HttpContext) {
    return renderRollPage(ctx)
  }

  async store({ auth, response, session }: HttpContext) {
    const result = await roll(auth.getUserOrFail())
    session.flash('rolled', { die: result.die, result: result.result, title: result.thread.title })
    return response.redirect().toRoute('roll.show')
  }

  async override({ auth, request, response, session }: HttpContext) {
    const { thread_id: threadId, issue_id: issueId } = await request.validateUsing(
      overrideValidator,
      { data: request.body() }
    )
    const result = await AppError.onField(
      'issue_id',
      override(auth.getUserOrFail(), threadId, issueId ?? null)
    )
    const issue = result.view.pendingIssue
    const what = issue ? `${result.thread.title} ${issueLabel(issue.number)}` : result.thread.title
    session.flash('success', `You picked ${what}. Enjoy!`)
    return response.redirect().toRoute('roll.show')
  }

  async skip({ auth, response, session }: HttpContext) {
    const { skipped } = await skip(auth.getUserOrFail())
    session.flash(
      'success',
      `Skipped ${skipped?.title ?? 'that read'}. Roll again when you are ready.`
    )
    return response.redirect().toRoute('roll.show')
  }

  async snooze({ auth, response, session }: HttpContext) {
    const { snoozed } = await snooze(auth.getUserOrFail())
    session.flash('success', `${snoozed.title} is snoozed until this session ends.`)
    return response.redirect().toRoute('roll.show')
  }

  async unsnooze({ auth, params, response, session }: HttpContext) {
    const { thread } = await unsnooze(auth.getUserOrFail(), Number(params.thread_id))
    session.flash('success', `${thread?.title ?? 'That thread'} is back in the roll pool.`)
    return response.redirect().toRoute('roll.show')
  }

  async setDie({ auth, request, response, session }: HttpContext) {
    const { die } = await request.validateUsing(dieValidator, { data: request.body() })
    await setManualDie(auth.getUserOrFail(), die as Die)
    session.flash('success', `The next rolls use a d${die}.`)
    return response.redirect().toRoute('roll.show')
  }

  async clearDie({ auth, response, session }: HttpContext) {
    await setManualDie(auth.getUserOrFail(), null)
    session.flash('success', 'Back to the ladder.')
    return response.redirect().toRoute('roll.show')
  }

  async filter(ctx: HttpContext) {
    return renderFilterPage(ctx)
  }

  async setFilter({ auth, request, response, session }: HttpContext) {
    const asked = await request.validateUsing(filterValidator, { data: request.body() })
    const view = await AppError.onField('include', setFilter(auth.getUserOrFail(), asked))
    session.flash('success', `Tonight’s roll: ${filterText(filterOf(view.session)!)}.`)
    return response.redirect().toRoute('roll.show')
  }

  async clearFilter({ auth, response, session }: HttpContext) {
    await clearFilter(auth.getUserOrFail())
    session.flash('success', 'Filter cleared: the die rolls over your whole queue again.')
    return response.redirect().toRoute('roll.show')
  }
}
