/** The dice ladder: d4 → d6 → d8 → d10 → d12 → d20. Pure rules. */
export const DICE = [4, 6, 8, 10, 12, 20] as const
export type Die = (typeof DICE)[number]

export const RATINGS = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5] as const

/** Ratings at or above this are "good": the thread moves to the front and the die shrinks. */
export const GOOD_RATING = 4

export function isDie(value: unknown): value is Die {
  return DICE.includes(value as Die)
}

export function isGoodRating(rating: number) {
  return rating >= GOOD_RATING
}

/** One rung after a rating: down (smaller) when good, up when not; the ends stay put. */
export function stepDie(die: Die, rating: number): Die {
  const index = DICE.indexOf(die)
  const next = isGoodRating(rating) ? Math.max(0, index - 1) : Math.min(DICE.length - 1, index + 1)
  return DICE[next]
}

/** What a rating does to the queue. */
export function queueMoveFor(rating: number): 'front' | 'back' {
  return isGoodRating(rating) ? 'front' : 'back'
}

/** Half stars for a rating: 4.5 → "★★★★½". */
export function stars(rating: number) {
  const whole = Math.floor(rating)
  return '★'.repeat(whole) + (rating - whole >= 0.5 ? '½' : '')
}
