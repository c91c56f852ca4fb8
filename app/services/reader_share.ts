import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import env from '#start/env'
import { AppError } from '#exceptions/app_error'

/**
 * Each reader's share of this process's database connections: at most a few of their
 * requests run at once (a third of the pool, at least one), the next ones wait a little
 * for a turn, in order, and past that are told to try again (429): no reader, however
 * many requests they send, can hold the pool the others need.
 */
export const READER_SHARE = Math.max(1, Math.floor((env.get('DATABASE_POOL_MAX') ?? 10) / 3))
/** How long a request waits for its reader's turn before a 429. */
export const TURN_WAIT_MS = 2000

interface Turns {
  running: number
  waiting: Array<() => void>
}

const readers = new Map<number, Turns>()

function turnsOf(userId: number) {
  let turns = readers.get(userId)
  if (!turns) readers.set(userId, (turns = { running: 0, waiting: [] }))
  return turns
}

/** Waits for a turn of `userId`'s; false when none came in time. */
function takeTurn(userId: number): Promise<boolean> {
  const turns = turnsOf(userId)
  if (turns.running < READER_SHARE) {
    turns.running++
    return Promise.resolve(true)
  }
  return new Promise((done) => {
    const start = () => {
      clearTimeout(timer)
      turns.running++
      done(true)
    }
    const timer = setTimeout(() => {
      turns.waiting.splice(turns.waiting.indexOf(start), 1)
      done(false)
    }, TURN_WAIT_MS)
    turns.waiting.push(start)
  })
}

function giveBack(userId: number) {
  const turns = turnsOf(userId)
  turns.running--
  const next = turns.waiting.shift()
  if (next) next()
  else if (turns.running === 0) readers.delete(userId)
}

/**
 * Runs the rest of the request in one of the reader's turns, given back when its answer
 * is finished (a streamed export holds its turn to the end).
 */
export async function inReadersTurn(ctx: HttpContext, userId: number, next: NextFn) {
  if (!(await takeTurn(userId))) {
    throw AppError.busy(
      'You have several requests running at once. Wait a moment and try again.',
      1
    )
  }
  let given = false
  const release = () => {
    if (given) return
    given = true
    giveBack(userId)
  }
  // A client that went away while it waited has closed its answer already: its 'close'
  // came and went, so the turn is given back at once and nothing runs for nobody.
  const answer = ctx.response.response
  if (answer.closed || answer.destroyed || ctx.request.request.destroyed) {
    release()
    return
  }
  answer.once('close', release)
  try {
    return await next()
  } catch (error) {
    release()
    throw error
  }
}

/** How many turns a reader holds now (for tests of the share). */
export function turnsHeld(userId: number) {
  return readers.get(userId)?.running ?? 0
}
