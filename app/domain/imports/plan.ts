/**
 * What an import adds to (or puts in place of) a reader's pile, whatever it was read
 * from: a threads or reviews CSV, a JSON export of this app, an earlier app's database.
 * Sources build a plan outside any transaction; the writer stores it in one.
 */
import type { QueueMove } from '#domain/ladder'
import type { ThreadState } from '#domain/thread_state'

/** A row the plan adds (`planned`: its index in the plan's list) or one already stored (`id`). */
export type Ref = { planned: number } | { id: number }

export interface PlannedThread {
  title: string
  format: string
  issuesRemaining: number
  /** Completed threads stay out of the queue; active ones join it at the back, in plan order. */
  state: ThreadState
  notes: string | null
  reviewUrl: string | null
  lastReviewAt: string | null
  lastRating: number | null
  lastActivityAt: string | null
  createdAt: string | null
  /** Its tags, cleaned (app/domain/tags.ts); none when absent. */
  tags?: string[]
  legacyId?: number | null
  /** Its list of issues in reading order (absent or empty: it lists none). */
  issues?: PlannedIssue[]
}

export interface PlannedIssue {
  number: string
  readAt: string | null
}

export interface PlannedSession {
  startedAt: string
  endedAt: string | null
  lastActivityAt: string
  /** Left open only when the reader has no open session (else ended at its last activity). */
  open: boolean
  startDie: number
  currentDie: number
  manualDie: number | null
  pendingThread: Ref | null
  pendingSince: string | null
  legacyId?: number | null
}

export interface PlannedEvent {
  session: Ref | null
  thread: Ref | null
  type: string
  threadTitle: string | null
  die: number | null
  result: number | null
  selectionMethod: 'random' | 'override' | null
  rating: number | null
  issuesRead: number | null
  issueNumber?: string | null
  dieAfter: number | null
  queueMove: QueueMove | null
  fromPosition: number | null
  toPosition: number | null
  completed: boolean
  undone: boolean
  createdAt: string
  legacyId?: number | null
}

/** A review link for a thread the reader has (the latest row for a thread wins). */
export interface PlannedReview {
  row: number
  threadId: number
  url: string
  at: string
}

export interface ImportPlan {
  /** How the undo button names it: "Import of 12 threads". */
  description: string
  threads: PlannedThread[]
  sessions: PlannedSession[]
  events: PlannedEvent[]
  reviews: PlannedReview[]
  /** Reading orders (a JSON export's), their entries naming a thread and an issue's number. */
  orders?: PlannedOrder[]
}

export interface PlannedOrder {
  name: string
  mode: 'guide' | 'strict'
  entries: Array<{ thread: Ref; number: string }>
}

/** A row of a file that cannot be imported (numbered as a spreadsheet shows it). */
export interface RowError {
  row: number
  message: string
}

/**
 * Why nothing was imported, as a value the edge maps: row errors (the file is read,
 * some rows need fixing), a problem with the file as a whole, a mode to choose, or
 * another import of the reader's still running.
 */
export type ImportRefusal =
  | { kind: 'rows'; errors: RowError[] }
  | { kind: 'file'; message: string }
  | { kind: 'mode'; message: string }
  | { kind: 'busy'; message: string }

export function emptyPlan(description: string): ImportPlan {
  return { description, threads: [], sessions: [], events: [], reviews: [] }
}

/** Lets the event loop serve other requests every `every` rows of a long loop. */
export async function breathe(index: number, every = 500) {
  if (index > 0 && index % every === 0) await new Promise((resolve) => setImmediate(resolve))
}

/**
 * The plan without the threads at the keys of `kept` (an index of the plan's list, the
 * id of a thread the pile already holds): what pointed at one of them (a pending read,
 * an event) points at the reader's own thread instead.
 */
export function withoutThreads(plan: ImportPlan, kept: ReadonlyMap<number, number>): ImportPlan {
  if (!kept.size) return plan
  const moved: number[] = []
  let next = 0
  for (let index = 0; index < plan.threads.length; index++) {
    moved.push(kept.has(index) ? -1 : next++)
  }
  const ref = (r: Ref | null): Ref | null => {
    if (r === null || 'id' in r) return r
    const id = kept.get(r.planned)
    return id === undefined ? { planned: moved[r.planned] } : { id }
  }
  return {
    ...plan,
    threads: plan.threads.filter((_, index) => !kept.has(index)),
    sessions: plan.sessions.map((s) => ({ ...s, pendingThread: ref(s.pendingThread) })),
    events: plan.events.map((e) => ({ ...e, thread: ref(e.thread) })),
    orders: plan.orders?.map((o) => ({
      ...o,
      entries: o.entries.map((e) => ({ ...e, thread: ref(e.thread)! })),
    })),
  }
}
