import env from '#start/env'
import type { Die } from '#domain/ladder'

/** The ritual's defaults (each reader can change the first two on the account page). */
const ritualConfig = {
  /** Hours without activity after which the next activity starts a new session. */
  sessionGapHours: env.get('SESSION_GAP_HOURS') ?? 6,
  /** The die a new session starts on. */
  startDie: Number(env.get('START_DIE') ?? 6) as Die,
  /** A thread untouched this many days gets a nudge on the roll and queue pages. */
  staleDays: 7,
}

export default ritualConfig
