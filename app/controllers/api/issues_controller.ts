import type { HttpContext } from '@adonisjs/core/http'
import { AppError } from '#exceptions/app_error'
import { issueJson } from '#http/api_json'
import { addIssues, allIssuesOf, deleteIssue, markIssue, markReadThrough } from '#domain/issues'
import { addIssuesValidator } from '#validators/issues'

/** A thread's issues: listed, added by ranges, marked read or unread, deleted. */
export default class IssuesController {
  async index({ auth, params }: HttpContext) {
    const issues = await allIssuesOf(auth.getUserOrFail(), Number(params.id))
    return { data: issues.map(issueJson) }
  }

  async store({ auth, params, request, response }: HttpContext) {
    const { numbers } = await request.validateUsing(addIssuesValidator, { data: request.body() })
    const { issues } = await AppError.onField(
      'numbers',
      addIssues(auth.getUserOrFail(), Number(params.id), numbers)
    )
    return response.created({ data: issues.map(issueJson) })
  }

  async read({ auth, params }: HttpContext) {
    const { issue } = await markIssue(auth.getUserOrFail(), Number(params.id), true)
    return issueJson(issue)
  }

  /** Every unread issue up to this one, read now; answers the thread's issues as they are. */
  async readThrough({ auth, params }: HttpContext) {
    const { threadId } = await markReadThrough(auth.getUserOrFail(), Number(params.id))
    const issues = await allIssuesOf(auth.getUserOrFail(), threadId)
    return { data: issues.map(issueJson) }
  }

  async unread({ auth, params }: HttpContext) {
    const { issue } = await markIssue(auth.getUserOrFail(), Number(params.id), false)
    return issueJson(issue)
  }

  async destroy({ auth, params, response }: HttpContext) {
    await deleteIssue(auth.getUserOrFail(), Number(params.id))
    return response.noContent()
  }
}
