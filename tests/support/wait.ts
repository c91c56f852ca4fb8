import { setTimeout as sleep } from 'node:timers/promises'

export interface WaitOptions {
  /** How long to keep asking, in ms. */
  timeout?: number
  /** The pause between two asks, in ms. */
  interval?: number
  /** What was waited for: the error's message on timeout (a function to say what was seen). */
  message?: string | (() => string)
}

/**
 * Asks `check` until it answers a truthy value, and returns that value; throws with
 * `message` when `timeout` has passed first. A check that throws is asked again (a
 * server still starting refuses the connection) and its last error is the cause.
 */
export async function waitUntil<T>(
  check: () => T | Promise<T>,
  { timeout = 5000, interval = 50, message = 'the condition' }: WaitOptions = {}
): Promise<Exclude<T, false | 0 | '' | null | undefined>> {
  const deadline = Date.now() + timeout
  let cause: unknown
  while (true) {
    try {
      const answer = await check()
      if (answer) return answer as Exclude<T, false | 0 | '' | null | undefined>
      cause = undefined
    } catch (error) {
      cause = error
    }
    if (Date.now() >= deadline) {
      const what = typeof message === 'function' ? message() : message
      throw new Error(`waited ${timeout} ms for ${what}`, cause ? { cause } : undefined)
    }
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())))
  }
}
