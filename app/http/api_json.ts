import type { goalState } from '#domain/goals'
import type { YearReview } from '#domain/review'
import type { DateTime } from 'luxon'
import type Thread from '#models/thread'
import type ReadingSession from '#models/reading_session'
import { filterOf } from '#domain/tonight_filter'
import type Event from '#models/event'
import type Issue from '#models/issue'
import type { SessionSummary } from '#domain/history'
import type { SessionView, SnoozedThread } from '#domain/reading_state'
import type { ReaderSettings } from '#domain/reader_settings'
import { inQueue } from '#domain/thread_state'
import { fieldsJson } from '#domain/thread_fields'
import type { OrderPlan } from '#domain/orders/orders'
import type { OrderEntryView, OrderView } from '#domain/orders/reading'

/** The API's JSON objects (api.md), from the domain's models. */

const iso = (value: DateTime | null | undefined) => (value ? value.toUTC().toISO() : null)

/** How the API writes a declared field of each type (app/domain/thread_fields.ts). */
const THREAD_JSON = {
  timestamptz: iso,
  numeric: (value: number | null | undefined) => value ?? null,
}

/** The API's Thread object. */
export function threadJson(thread: Thread) {
  return {
    id: thread.id,
    ...fieldsJson((field) => thread[field.key as keyof Thread], THREAD_JSON),
    next_issue: thread.nextIssue ?? null,
    issues_total: thread.issuesTotal ?? null,
    position: inQueue(thread) ? (thread.position ?? null) : null,
    status: thread.status,
    updated_at: iso(thread.updatedAt),
  }
}

/**
 * The API's Session object: `current_die` is the die the next roll uses (the manual die
 * when one is set), `ladder_die` the ladder's rung alone; `snoozed` the threads out of
 * its pool tonight (those known; a summary of an earlier session lists none); `filter`
 * tonight's filter, null when none.
 */
export function sessionJson(
  session: ReadingSession,
  ladderPath: number[],
  pending: Thread | null,
  snoozed: SnoozedThread[] = [],
  orders: Pick<SessionView, 'orders' | 'heldBack' | 'pendingIssue'> = {}
) {
  return {
    id: session.id,
    started_at: iso(session.startedAt),
    ended_at: iso(session.endedAt),
    last_activity_at: iso(session.lastActivityAt),
    start_die: session.startDie,
    current_die: session.dieInForce,
    ladder_die: session.currentDie,
    manual_die: session.manualDie,
    ladder_path: ladderPath,
    pending_thread: pending ? threadJson(pending) : null,
    snoozed: snoozed.map((thread) => ({ id: thread.id, title: thread.title })),
    filter: filterOf(session),
    pending_issue: pending && orders.pendingIssue ? orders.pendingIssue : null,
    orders: (orders.orders ?? []).map((order) => ({
      id: order.id,
      name: order.name,
      mode: order.mode,
      next_entry: orderEntryJson(order.nextEntry),
    })),
    held_back: (orders.heldBack ?? []).map((thread) => ({
      id: thread.id,
      title: thread.title,
      waiting_for: {
        order_id: thread.waitingFor.orderId,
        order_name: thread.waitingFor.orderName,
        thread_title: thread.waitingFor.threadTitle,
        number: thread.waitingFor.number,
      },
    })),
  }
}

/**
 * The API's Session object of a session view (its ladder, pending read and snoozes, and
 * what the reader's orders tell it).
 */
export const viewJson = (view: SessionView) =>
  sessionJson(view.session, view.ladderPath, view.pending, view.snoozed, view)

/** The API's Issue object. */
export function issueJson(issue: Issue) {
  return { id: issue.id, number: issue.number, read_at: iso(issue.readAt) }
}

/** The API's settings object. */
export function settingsJson(settings: ReaderSettings) {
  return {
    session_gap_hours: settings.gapHours,
    start_die: settings.startDie,
    low_rating_placement: settings.lowRatingPlacement,
    time_zone: settings.timeZone,
  }
}

/** The API's Event object. */
export function eventJson(event: Event) {
  return {
    id: event.id,
    type: event.type,
    created_at: iso(event.createdAt),
    thread_id: event.threadId,
    thread_title: event.threadTitle,
    die: event.die,
    result: event.result,
    selection_method: event.selectionMethod,
    rating: event.rating,
    issues_read: event.issuesRead,
    issue_number: event.issueNumber,
    die_after: event.dieAfter,
    queue_move: event.queueMove,
    undone: event.undone,
  }
}

/** The API's SessionSummary object. */
export function summaryJson(summary: SessionSummary) {
  return {
    ...sessionJson(summary.session, summary.ladderPath, summary.pending),
    reads: summary.reads.map((read) => ({
      thread_id: read.threadId,
      title: read.title,
      rating: read.rating,
      issues_read: read.issuesRead,
    })),
    skipped: summary.skipped,
    completed: summary.completed,
  }
}

/** The API's Entry object of a reading order. */
export function orderEntryJson(entry: OrderEntryView) {
  return {
    position: entry.position,
    thread_id: entry.threadId,
    thread_title: entry.threadTitle,
    issue_id: entry.issueId,
    number: entry.number,
    read: entry.read,
  }
}

/** The API's Order object. */
export function orderJson(order: OrderView) {
  return {
    id: order.id,
    name: order.name,
    mode: order.mode,
    entries_total: order.entriesTotal,
    entries_read: order.entriesRead,
    done: order.done,
    next_entry: order.nextEntry ? orderEntryJson(order.nextEntry) : null,
    created_at: new Date(order.createdAt).toISOString(),
    updated_at: new Date(order.updatedAt).toISOString(),
  }
}

/** What making an order would do (a dry run's answer). */
export function orderPlanJson(plan: OrderPlan) {
  return {
    threads_matched: plan.threadsMatched.map((m) => ({
      series: m.series,
      volume: m.volume,
      thread_id: m.threadId,
      title: m.title,
      changes: m.changes,
    })),
    threads_created: plan.threadsCreated,
    issues_added: plan.issuesAdded,
    unreadable: plan.unreadable,
  }
}

/** `GET /api/goals`: the goal, this period's progress and the streak (each null while off). */
export function goalJson({ goal, progress, streak }: Awaited<ReturnType<typeof goalState>>) {
  return {
    goal,
    progress: progress && {
      period_start: progress.periodStart.toUTC().toISO(),
      period_end: progress.periodEnd.toUTC().toISO(),
      done: progress.done,
      target: progress.target,
      to_go: progress.toGo,
      on_pace: progress.onPace,
    },
    streak: streak && { weeks: streak.weeks, best_weeks: streak.bestWeeks },
  }
}

/** `GET /api/review/:year`. */
export function reviewJson(review: YearReview) {
  return {
    year: review.year,
    issues_read: review.issuesRead,
    sessions: review.sessions,
    threads_finished: review.threadsFinished,
    threads_started: review.threadsStarted,
    top_reads: review.topReads.map((read) => ({
      thread_id: read.threadId,
      title: read.title,
      rating: read.rating,
      read_at: read.readAt.toUTC().toISO(),
    })),
    busiest_month: review.busiestMonth && {
      month: review.busiestMonth.month,
      issues_read: review.busiestMonth.issuesRead,
    },
    longest_streak_weeks: review.longestStreakWeeks,
    die_by_month: review.dieByMonth.map((m) => ({ month: m.month, average_die: m.averageDie })),
    pile_by_month: review.pileByMonth.map((m) => ({
      month: m.month,
      active_threads: m.activeThreads,
      issues_left: m.issuesLeft,
    })),
  }
}
