import type { HttpContext } from '@adonisjs/core/http'
import { AppError } from '#exceptions/app_error'
import type Issue from '#models/issue'
import type Thread from '#models/thread'
import { addIssues, deleteIssue, markIssue, markReadThrough } from '#domain/issues'
import { issueLabel, issueList } from '#domain/issue_numbers'
import { addIssuesValidator } from '#validators/issues'
import { issueFeedback } from '#http/page_views'
import { count } from '#services/words'
import { inQueue } from '#domain/thread_state'

/** "Next: #15.", or nothing when no issue is left to read. */
const nextText = (thread: Thread) =>
  thread.nextIssue ? ` Next: ${issueLabel(thread.nextIssue)}.` : ''

/** What the reader is told after marking an issue. */
function markedMessage(issue: Issue, thread: Thread | null, read: boolean) {
  const label = issueLabel(issue.number)
  if (!thread) return `${label} was already ${read ? 'read' : 'unread'}.`
  if (read && !inQueue(thread)) {
    return `${label} read: that was the last one, so ${thread.title} is completed.`
  }
  const where =
    !read && thread.position === 1 ? ` ${thread.title} is at the front of the queue.` : ''
  return `${label} ${read ? 'read' : 'is unread again'}.${nextText(thread)}${where}`
}

/** A thread's issues on its page: added by ranges, marked read or unread, deleted. */
export default class IssuesController {
  async store(ctx: HttpContext) {
    const { auth, params, request } = ctx
    const { numbers } = await request.validateUsing(addIssuesValidator, {
      data: request.body(),
    })
    const { issues, thread } = await AppError.onField(
      'numbers',
      addIssues(auth.getUserOrFail(), Number(params.id), numbers)
    )
    const added = `Added ${count(issues.length, 'issue')}: ${issueList(issues.map((issue) => issue.number))}.`
    return issueFeedback(ctx, thread.id, null, `${added}${nextText(thread)}`)
  }

  async read(ctx: HttpContext) {
    return this.mark(ctx, true)
  }

  async unread(ctx: HttpContext) {
    return this.mark(ctx, false)
  }

  private async mark(ctx: HttpContext, read: boolean) {
    const { issue, thread } = await markIssue(ctx.auth.getUserOrFail(), Number(ctx.params.id), read)
    return issueFeedback(ctx, issue.threadId, issue.id, markedMessage(issue, thread, read))
  }

  /** "Read up to here": every unread issue up to this one. */
  async readThrough(ctx: HttpContext) {
    const issueId = Number(ctx.params.id)
    const { marked, threadId, thread } = await markReadThrough(ctx.auth.getUserOrFail(), issueId)
    const message = thread
      ? !inQueue(thread)
        ? `Read ${count(marked.length, 'issue')}: that was the last of them, so ${thread.title} is completed.`
        : `Read ${count(marked.length, 'issue')}: ${issueList(marked.map((row) => row.number))}.${nextText(thread)}`
      : 'Every issue up to this one was read already.'
    return issueFeedback(ctx, threadId, issueId, message)
  }

  async destroy(ctx: HttpContext) {
    const { issue, thread } = await deleteIssue(ctx.auth.getUserOrFail(), Number(ctx.params.id))
    const left = thread.issuesTotal === null ? ' The thread lists no issues now.' : nextText(thread)
    return issueFeedback(ctx, thread.id, null, `Deleted ${issueLabel(issue.number)}.${left}`)
  }
}
