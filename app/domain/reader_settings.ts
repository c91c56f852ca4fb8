import type User from '#models/user'
import ritual from '#config/ritual'

/** A reader's session settings: their own, else the app's defaults (config/ritual.ts). */
export function sessionSettings(user: Pick<User, 'sessionGapHours' | 'startDie'>) {
  return {
    gapHours: user.sessionGapHours ?? ritual.sessionGapHours,
    startDie: user.startDie ?? ritual.startDie,
  } as { gapHours: number; startDie: import('#domain/ladder').Die }
}
