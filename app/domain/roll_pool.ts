/**
 * The roll pool: the threads a roll can pick. Pure rules.
 */
import type { Die } from '#domain/ladder'

/** The pool for a die: the first `die` threads of the queue (in order). */
export function rollPool<T>(queueTop: T[], die: Die | number): T[] {
  return queueTop.slice(0, die)
}

/** How many threads a roll of `die` can pick in a queue of `active` threads. */
export function rollPoolSize(die: Die | number, active: number) {
  return Math.min(die, active)
}

/**
 * How much of the queue to load so that the pool is there whichever die is in force:
 * the session's (its manual pick, else its ladder rung) or a new session's start die.
 */
export function poolNeed(startDie: number, sessionDie: number | null) {
  return Math.max(startDie, sessionDie ?? 0)
}
