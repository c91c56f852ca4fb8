import { IANAZone } from 'luxon'
import type User from '#models/user'
import ritual from '#config/ritual'
import type { Die, LowRatingPlacement } from '#domain/ladder'

type SettingsColumns = Pick<
  User,
  'sessionGapHours' | 'startDie' | 'lowRatingPlacement' | 'timeZone'
>

/** A reader's session settings: their own, else the app's defaults (config/ritual.ts). */
export function sessionSettings(user: Pick<User, 'sessionGapHours' | 'startDie'>) {
  return {
    gapHours: user.sessionGapHours ?? ritual.sessionGapHours,
    startDie: (user.startDie ?? ritual.startDie) as Die,
  }
}

/** Every setting of a reader, as it applies (defaults filled in; UTC until a zone is named). */
export function readerSettings(user: SettingsColumns) {
  return {
    ...sessionSettings(user),
    lowRatingPlacement: (user.lowRatingPlacement ?? 'back') as LowRatingPlacement,
    timeZone: user.timeZone ?? 'UTC',
  }
}

export type ReaderSettings = ReturnType<typeof readerSettings>

/** Whether `name` is an IANA time zone this server knows ("UTC" included). */
export function isTimeZone(name: string) {
  return IANAZone.isValidZone(name)
}

/** Saves the settings given (the others stay) and answers them all. */
export async function updateReaderSettings(
  user: User,
  changes: Partial<Omit<ReaderSettings, 'timeZone'>> & { timeZone?: string }
) {
  const { gapHours, startDie, lowRatingPlacement, timeZone } = changes
  if (gapHours !== undefined) user.sessionGapHours = gapHours
  if (startDie !== undefined) user.startDie = startDie
  if (lowRatingPlacement !== undefined) user.lowRatingPlacement = lowRatingPlacement
  if (timeZone !== undefined) user.timeZone = timeZone
  await user.save()
  return readerSettings(user)
}
