/**
 * The roll pool: the threads a roll can pick. Pure rules.
 */
import type { Die } from '#domain/ladder'

/**
 * The pool for a die: the first `die` threads of the queue, in order, leaving out the
 * threads snoozed in the session (the next ones in the queue take their places).
 */
export function rollPool<T>(
  queueTop: T[],
  die: Die | number,
  isSnoozed: (item: T) => boolean = () => false
): T[] {
  const pool: T[] = []
  for (const item of queueTop) {
    if (pool.length === die) break
    if (!isSnoozed(item)) pool.push(item)
  }
  return pool
}

/**
 * How much of the queue to load so that the pool is there whichever die is in force:
 * the session's (its manual pick, else its ladder rung) or a new session's start die,
 * and as many more as the session has snoozed.
 */
export function poolNeed(startDie: number, sessionDie: number | null, snoozed = 0) {
  return Math.max(startDie, sessionDie ?? 0) + snoozed
}

/**
 * Where "right after the roll pool" is for a thread leaving its place: `others` are the
 * ids of the other active threads in queue order (at least `die` plus the snoozed ones
 * of them), `die` the die the next roll uses. The position (1-based, counted with the
 * thread back in) right after the `die`-th thread that is not snoozed; null when there
 * are not that many (the thread goes to the back). With no snoozes: die + 1.
 */
export function positionAfterPool(others: number[], die: number, snoozed: number[] = []) {
  let counted = 0
  for (const [index, id] of others.entries()) {
    if (snoozed.includes(id)) continue
    counted++
    if (counted === die) return index + 2
  }
  return null
}
