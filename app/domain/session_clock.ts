/**
 * The session clock: a session groups the reader's activity in time. Any activity keeps
 * it current; after `gapHours` without activity, the next one starts a new session.
 * Pure rules: the times come in, a decision comes out.
 */

export interface ClockedSession {
  endedAt: { toMillis(): number } | null
  lastActivityAt: { toMillis(): number }
}

const HOUR = 3_600_000

/** Whether a session is still the current one: open, and active within the gap. */
export function isCurrent(session: ClockedSession, gapHours: number, now: number) {
  return session.endedAt === null && now - session.lastActivityAt.toMillis() <= gapHours * HOUR
}

/**
 * What an activity at `now` does to the reader's open session (if any): continue it, or
 * end it at its last activity and start a new one (which takes over its pending read).
 */
export function activityDecision(
  open: ClockedSession | null,
  gapHours: number,
  now: number
): 'continue' | 'start' | 'roll over' {
  if (!open) return 'start'
  return isCurrent(open, gapHours, now) ? 'continue' : 'roll over'
}
