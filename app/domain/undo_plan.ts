/**
 * How an action's snapshot is put back, as a plan: pure, so its order is a rule that
 * can be tested. Threads come back in the order of their old positions (each lands at
 * its position among the threads already back; completed ones, with none, last), then
 * the events a deletion unlinked point at their thread again.
 */
import type { UndoState } from '#domain/action_log'

export function undoPlan(state: Pick<UndoState, 'threads'>) {
  const threads = [...state.threads].sort(
    (a, b) => (a.position ?? Infinity) - (b.position ?? Infinity)
  )
  const relinks = state.threads
    .filter((entry) => entry.eventIds.length > 0)
    .map((entry) => ({ threadId: Number(entry.row.id), eventIds: entry.eventIds }))
  return { threads, relinks }
}
