import { cleanTags } from '#domain/tags'
import { arrivingState } from '#domain/thread_state'
import type { Infer } from '@vinejs/vine/types'
import type { ImportPlan, ImportRefusal } from '#domain/imports/plan'
import { breathe, emptyPlan } from '#domain/imports/plan'
import { findNulField } from '#services/nul_bytes'
import { issueKey, issueLabel } from '#domain/issue_numbers'
import {
  exportEventValidator,
  exportFileValidator,
  exportOrderValidator,
  exportSessionValidator,
  exportThreadValidator,
} from '#validators/imports'

type Validator = typeof exportThreadValidator | typeof exportSessionValidator
type ItemValidator = Validator | typeof exportEventValidator | typeof exportOrderValidator

/** The first number a list gives twice (case aside), if any. */
function listedTwice(numbers: string[]) {
  const seen = new Set<string>()
  for (const number of numbers) {
    if (seen.has(issueKey(number))) return number
    seen.add(issueKey(number))
  }
  return null
}

const refuse = (message: string): ImportRefusal => ({
  kind: 'file',
  message: `This is not a Comic Pile export: ${message}`,
})

/** Each item of a list, validated one by one (the event loop breathes between them). */
async function validItems<V extends ItemValidator>(
  list: unknown[],
  name: string,
  validator: V
): Promise<Array<Infer<V>> | ImportRefusal> {
  const items: Array<Infer<V>> = []
  for (const [index, item] of list.entries()) {
    const [error, value] = await validator.tryValidate(item)
    if (error) {
      const first = error.messages[0]
      return refuse(`${name}.${index}${first?.field ? `.${first.field}` : ''} — ${first?.message}`)
    }
    items.push(value as Infer<V>)
    await breathe(index)
  }
  return items
}

/** Where JSON.parse stopped, in a reader's words (never the file's text). */
function jsonProblem(error: unknown) {
  const message = error instanceof Error ? error.message : ''
  if (/unexpected end/i.test(message)) return 'it ends too soon (was the download cut short?)'
  const at = message.match(/line (\d+) column (\d+)/)
  if (at) return `it goes wrong at line ${at[1]}, column ${at[2]}`
  const token = message.match(/^Unexpected token '(.)'/)
  if (token) return `it has an unexpected ${JSON.stringify(token[1])}`
  return 'it cannot be read'
}

/**
 * Objects and arrays a file may hold: more than the largest export that fits the upload
 * limit (threads listing 5,000 issues each), far fewer than a file of `{}`s would: what
 * JSON.parse builds of a file stays bounded whatever its shape.
 */
const MOST_CONTAINERS = 200_000

/** Whether `text` opens more than `most` objects and arrays (outside strings). */
function tooManyContainers(text: string, most: number) {
  let count = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92)
        i++ // a backslash escapes what follows
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if ((c === 123 || c === 91) && ++count > most) return true
  }
  return false
}

/**
 * This app's own JSON export: its threads (the queue in its order, then completed
 * ones), sessions and events, with new ids and links between them kept. Text that is
 * not such an export is refused as a whole, naming the first field that is wrong.
 */
export async function planJsonExport(text: string): Promise<ImportPlan | ImportRefusal> {
  if (tooManyContainers(text, MOST_CONTAINERS)) {
    return refuse(`it holds more than ${MOST_CONTAINERS.toLocaleString('en')} objects and lists.`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    return { kind: 'file', message: `The file is not valid JSON: ${jsonProblem(error)}.` }
  }
  const nul = findNulField(data)
  if (nul !== null) return refuse(`${nul} holds a NUL character, which cannot be stored.`)
  const [error, file] = await exportFileValidator.tryValidate(data)
  if (error) {
    const first = error.messages[0]
    return refuse(`${first?.field} — ${first?.message}`)
  }
  const threads = await validItems(file.threads, 'threads', exportThreadValidator)
  if (!Array.isArray(threads)) return threads
  const sessions = await validItems(file.sessions, 'sessions', exportSessionValidator)
  if (!Array.isArray(sessions)) return sessions
  const events = await validItems(file.events, 'events', exportEventValidator)
  if (!Array.isArray(events)) return events
  const orders = await validItems(file.orders ?? [], 'orders', exportOrderValidator)
  if (!Array.isArray(orders)) return orders

  const plan = emptyPlan(`Import of ${threads.length} threads from a JSON export`)
  const ordered = threads
    .map((thread, index) => ({ thread, index }))
    .sort(
      (a, b) =>
        (a.thread.position ?? Infinity) - (b.thread.position ?? Infinity) || a.index - b.index
    )
  const threadRefs = new Map<number, { planned: number }>()
  for (const { thread, index } of ordered) {
    threadRefs.set(thread.id, { planned: plan.threads.length })
    const issues = (thread.issues ?? []).map((issue) => ({
      number: issue.number,
      readAt: issue.read_at ?? null,
    }))
    const twice = listedTwice(issues.map((issue) => issue.number))
    if (twice) return refuse(`threads.${index}.issues — ${issueLabel(twice)} is listed twice.`)
    // A thread listing its issues has its unread ones left.
    const left = issues.length
      ? issues.filter((issue) => issue.readAt === null).length
      : thread.issues_remaining
    plan.threads.push({
      title: thread.title,
      format: thread.format,
      issuesRemaining: left,
      issues,
      state: arrivingState(thread.status, left),
      notes: thread.notes ?? null,
      reviewUrl: thread.review_url ?? null,
      lastReviewAt: thread.last_review_at ?? null,
      lastRating: thread.last_rating ?? null,
      lastActivityAt: thread.last_activity_at ?? null,
      createdAt: thread.created_at ?? null,
      tags: cleanTags(thread.tags ?? []),
    })
  }
  const openInFile = sessions.filter((session) => !session.ended_at).length
  const sessionRefs = new Map<number, { planned: number }>()
  for (const session of sessions) {
    sessionRefs.set(session.id, { planned: plan.sessions.length })
    const lastActivityAt = session.last_activity_at ?? session.started_at
    plan.sessions.push({
      startedAt: session.started_at,
      endedAt: session.ended_at ?? null,
      lastActivityAt,
      // One session left open in the file stays open, if the reader has none open.
      open: openInFile === 1 && !session.ended_at,
      startDie: session.start_die,
      currentDie: session.ladder_die ?? session.current_die,
      manualDie: session.manual_die ?? null,
      pendingThread: session.pending_thread_id
        ? (threadRefs.get(session.pending_thread_id) ?? null)
        : null,
      pendingSince: null,
    })
  }
  for (const event of events) {
    plan.events.push({
      session: event.session_id ? (sessionRefs.get(event.session_id) ?? null) : null,
      thread: event.thread_id ? (threadRefs.get(event.thread_id) ?? null) : null,
      type: event.type,
      threadTitle: event.thread_title ?? null,
      die: event.die ?? null,
      result: event.result ?? null,
      selectionMethod: event.selection_method ?? null,
      rating: event.rating ?? null,
      issuesRead: event.issues_read ?? null,
      issueNumber: event.issue_number ?? null,
      dieAfter: event.die_after ?? null,
      queueMove: event.queue_move ?? null,
      fromPosition: event.from_position ?? null,
      toPosition: event.to_position ?? null,
      completed: event.completed ?? false,
      undone: event.undone ?? false,
      createdAt: event.created_at,
    })
  }
  plan.orders = orders.map((order) => ({
    name: order.name,
    mode: order.mode,
    // An entry naming a thread the file does not hold is left out.
    entries: order.entries.flatMap((entry) => {
      const thread = threadRefs.get(entry.thread_id)
      return thread ? [{ thread, number: entry.number }] : []
    }),
  }))
  return plan
}
