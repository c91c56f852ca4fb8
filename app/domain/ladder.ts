/** The dice ladder and what a rating does. Pure rules: no database, no clock. */
export const DICE = [4, 6, 8, 10, 12, 20] as const
export type Die = (typeof DICE)[number]

export const RATINGS = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5] as const

/** Ratings at or above this are "good": the thread moves to the front and the die shrinks. */
export const GOOD_RATING = 4

export function isDie(value: unknown): value is Die {
  return DICE.includes(value as Die)
}

function isGoodRating(rating: number) {
  return rating >= GOOD_RATING
}

/** One rung after a rating: down (smaller) when good, up when not; the ends stay put. */
export function stepDie(die: Die, rating: number): Die {
  const index = DICE.indexOf(die)
  const next = isGoodRating(rating) ? Math.max(0, index - 1) : Math.min(DICE.length - 1, index + 1)
  return DICE[next]
}

/** Where a low rating sends a thread: a reader setting. */
export type LowRatingPlacement = 'back' | 'after_pool'
export const LOW_RATING_PLACEMENTS: readonly LowRatingPlacement[] = ['back', 'after_pool']

/** Where a rating moves a thread that still has issues to read. */
export type QueueMove = 'front' | LowRatingPlacement

/** What a rating does to the queue: a good one the front, a low one where the reader chose. */
export function queueMoveFor(rating: number, placement: LowRatingPlacement = 'back'): QueueMove {
  return isGoodRating(rating) ? 'front' : placement
}

/** Everything a rating does, given the die it was read on and the issues left and read. */
export interface RatingEffect {
  dieAfter: Die
  /** Issues read, at most the issues left. */
  issuesRead: number
  issuesRemaining: number
  /** No issue left: the thread leaves the queue. */
  completed: boolean
  /** Where the thread goes in the queue (null when completed). */
  queueMove: QueueMove | null
  good: boolean
}

export function ratingEffect(
  die: Die,
  rating: number,
  issuesRemaining: number,
  issuesRead: number,
  placement: LowRatingPlacement = 'back'
): RatingEffect {
  const read = Math.min(issuesRead, issuesRemaining)
  const remaining = issuesRemaining - read
  const completed = remaining === 0
  return {
    dieAfter: stepDie(die, rating),
    issuesRead: read,
    issuesRemaining: remaining,
    completed,
    queueMove: completed ? null : queueMoveFor(rating, placement),
    good: isGoodRating(rating),
  }
}

/** How the die moves, in words: "steps down to d4", "stays d20" (done: "stepped down to d4"). */
export function dieStepText(before: Die, after: Die, done = false) {
  if (after < before) return `${done ? 'stepped' : 'steps'} down to d${after}`
  if (after > before) return `${done ? 'stepped' : 'steps'} up to d${after}`
  return `${done ? 'stayed' : 'stays'} d${after}`
}

/** Where a rating sends a thread, in words: "to the front", "right after the roll pool". */
export function placeText(move: QueueMove) {
  return move === 'after_pool' ? 'right after the roll pool' : `to the ${move}`
}

/**
 * What a rating does (or did, when `done`), in words: "Moves to the front · die steps
 * down to d4". With `nextSessionDie` the rating also finishes the session: what counts
 * for the reader is then the die the next session starts on, not the step.
 */
export function ratingText(
  effect: Pick<RatingEffect, 'completed' | 'queueMove' | 'dieAfter'>,
  dieBefore: Die,
  options: { done?: boolean; nextSessionDie?: Die } = {}
) {
  const { done = false, nextSessionDie } = options
  const where = effect.completed
    ? done
      ? 'Completed: it leaves the queue'
      : 'Completes the thread'
    : `${done ? 'Moved' : 'Moves'} ${placeText(effect.queueMove!)}`
  const die = nextSessionDie
    ? `session ${done ? 'finished' : 'finishes'}: the next starts on the d${nextSessionDie}`
    : `die ${dieStepText(dieBefore, effect.dieAfter, done)}`
  return `${where} · ${die}`
}

/**
 * What the rate page says a rating will do, for each rating, from `ratingEffect` as the
 * rating applies it (a low one where the reader's `placement` sends it): when the read
 * leaves issues (`moves`), and when it reads the last one (`completes`).
 */
export function ratingPreviews(die: Die, placement: LowRatingPlacement = 'back') {
  return RATINGS.map((rating) => {
    const leaves = ratingEffect(die, rating, 2, 1, placement)
    return {
      rating,
      dieAfter: leaves.dieAfter,
      good: leaves.good,
      moves: ratingText(leaves, die),
      completes: ratingText(ratingEffect(die, rating, 1, 1), die),
    }
  })
}

/** Half stars for a rating: 4.5 → "★★★★½". */
export function stars(rating: number) {
  const whole = Math.floor(rating)
  return '★'.repeat(whole) + (rating - whole >= 0.5 ? '½' : '')
}

/** A run of the same die in a session's path: "d20 ×3". */
export interface Rung {
  die: number
  times: number
}

/**
 * A session's path as the roll page shows it: runs of one die folded ("d20 ×3"), the
 * last `shown` runs, and how many dice came before them (the history page has them all).
 */
export function compactLadder(path: number[], shown = 5): { earlier: number; rungs: Rung[] } {
  const runs: Rung[] = []
  for (const die of path) {
    const last = runs.at(-1)
    if (last?.die === die) last.times += 1
    else runs.push({ die, times: 1 })
  }
  const rungs = runs.slice(-shown)
  const earlier = runs.slice(0, runs.length - rungs.length).reduce((sum, r) => sum + r.times, 0)
  return { earlier, rungs }
}
