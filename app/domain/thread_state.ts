/**
 * A thread's state, in one place: whether it is in the queue, and how it moves between
 * states. The database keeps one encoding of it, the queue key: a thread is in the
 * queue (active) when it has a `sort_key`, completed when it has none. The `status`
 * column is generated from it (migration 27) for readers of the table and the exports;
 * nothing writes it.
 *
 * Every test of a thread's state (in TypeScript or in SQL) and every write of its
 * `sort_key` outside the queue's own ordering goes through here; tests/unit/house_rules
 * checks that no other file tests `status` or `sort_key`. A new state (paused, say) is a
 * column and the generated expression in a migration, `stateOf` and `inQueueSql` here, its
 * transitions here, and the pages that offer it.
 */

/** What a reader sees a thread as: in the queue, or completed. */
export type ThreadState = 'active' | 'completed'

/** The part of a thread its state is read from. */
export interface HasQueueKey {
  sortKey: number | null
}

/** A thread's state. */
export function stateOf(thread: HasQueueKey): ThreadState {
  return inQueue(thread) ? 'active' : 'completed'
}

/** A threads row's state (a row as the table keeps it, `sort_key` and all). */
export function stateOfRow(row: { sort_key?: unknown }): ThreadState {
  return stateOf({ sortKey: (row.sort_key ?? null) as number | null })
}

/** Whether a thread is in the queue (the roll pool, positions, moves are about those). */
export function inQueue(thread: HasQueueKey): boolean {
  // A row loaded without its key (a narrow select) is not taken to be in the queue.
  return thread.sortKey !== null && thread.sortKey !== undefined
}

/** A thread's key in the queue, or null when it is not in the queue. */
export function queueKeyOf(thread: HasQueueKey): number | null {
  return inQueue(thread) ? thread.sortKey : null
}

/**
 * SQL: whether the threads row `alias` is in the queue (or, `false`, is not). It reads
 * the (user_id, sort_key) index.
 */
export function inQueueSql(alias = 'threads', wanted = true) {
  return `${alias}.sort_key IS ${wanted ? 'NOT ' : ''}NULL`
}

/**
 * The transitions, as the columns each writes (the model's names). A thread is added,
 * reactivated or restored into the queue at a key, and completed (or, being deleted,
 * restored as completed) with none.
 */
export const transitions = {
  /** Into the queue at `key`: added, reactivated, put back by an unread issue, restored. */
  queue: (key: number) => ({ sortKey: key }),
  /** Out of the queue, done: no issues left, a last rating, an import's completed row. */
  complete: () => ({ sortKey: null }),
} as const

/** The same transitions as table columns, for the statements that write rows as rows. */
export const rowTransitions = {
  queue: (key: number) => ({ sort_key: key }),
  complete: () => ({ sort_key: null }),
} as const

/**
 * The state a thread arrives in from outside (an import, a restore): in the queue only
 * when its source says so and it has issues left to read.
 */
export function arrivingState(source: unknown, issuesLeft: number): ThreadState {
  return !sourceSaysCompleted(source) && issuesLeft > 0 ? 'active' : 'completed'
}

/** Whether a source's state (an export's, a CSV's, an earlier app's `status`) says completed. */
export function sourceSaysCompleted(source: unknown) {
  return source === 'completed'
}
