/**
 * What a reader's orders tell the roll (each order's next entry, the threads strict
 * orders hold back), kept in this process by the reader's state version: every change of
 * a reader's rows bumps that version (app/domain/user_lock.ts), so facts kept for a version
 * hold exactly as long as it is the reader's. An action keeps the facts it answered with
 * under the version its commit makes; the roll page and the next roll read them from here.
 */
import type { HeldBack, OrderNext } from '#domain/orders/reading'

export interface OrderFacts {
  orders: OrderNext[]
  heldBack: HeldBack[]
}

/** Readers whose facts are kept at once (the least recently kept go first). */
const MOST_READERS = 2000

const kept = new Map<number, { version: number; facts: OrderFacts }>()

/** The reader's facts at `version`, if kept. */
export function factsAt(userId: number, version: number | undefined): OrderFacts | null {
  const entry = kept.get(userId)
  return entry && version !== undefined && entry.version === version ? entry.facts : null
}

/** Keeps the reader's facts as they are at `version`. */
export function keepFacts(userId: number, version: number, facts: OrderFacts) {
  kept.delete(userId)
  kept.set(userId, { version, facts })
  if (kept.size > MOST_READERS) kept.delete(kept.keys().next().value!)
}
