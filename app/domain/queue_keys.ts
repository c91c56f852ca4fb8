/**
 * The queue's order as sparse keys: each active thread has a key, and its position is
 * the number of keys below it plus one. A move writes one key; only when two
 * neighbours have no room left between them are all keys spread again. Pure rules.
 */

/** Room between two neighbouring keys when keys are spread. */
export const GAP = 1 << 20

/** The key one gap beyond the first (front) or last (back) key; 0 for an empty queue. */
export function keyBeyond(endKey: number | null, edge: 'front' | 'back') {
  if (endKey === null) return 0
  return endKey + (edge === 'front' ? -GAP : GAP)
}

/** A key between two neighbours, or null when they have no room between them. */
export function keyBetween(before: number, after: number): number | null {
  return after - before >= 2 ? Math.floor((before + after) / 2) : null
}

/** A position clamped to the queue: 1 to `others` + 1 (just after the last of the others). */
export function clampPosition(position: number, others: number) {
  return Math.min(Math.max(1, Math.trunc(position)), others + 1)
}
