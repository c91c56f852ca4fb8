/**
 * What a reader's orders tell the roll (each order's next entry, the threads strict
 * orders hold back), kept in this process by the reader's state version (see
 * app/services/kept_by_version.ts). An action keeps the facts it answered with under the
 * version its commit makes; the roll page and the next roll read them from here.
 */
import type { HeldBack, OrderNext } from '#domain/orders/reading'
import { KeptByVersion } from '#services/kept_by_version'

export interface OrderFacts {
  orders: OrderNext[]
  heldBack: HeldBack[]
}

/** Readers whose facts are kept at once (the least recently kept go first). */
const kept = new KeptByVersion<OrderFacts>(2000)

/** The reader's facts at `version`, if kept. */
export const factsAt = (userId: number, version: number | undefined) => kept.at(userId, version)

/** Keeps the reader's facts as they are at `version`. */
export const keepFacts = (userId: number, version: number, facts: OrderFacts) =>
  kept.keep(userId, version, facts)
