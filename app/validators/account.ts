import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { COMMON_PASSWORDS } from '#validators/common_passwords'
import { DICE, type Die, LOW_RATING_PLACEMENTS, type LowRatingPlacement } from '#domain/ladder'
import { isTimeZone } from '#domain/reader_settings'
import { hasInvisibleCharacters } from '#services/email_identity'

/** Passwords: 8–128 characters exactly as typed, any Unicode, no composition rules. */
const notCommon = vine.createRule((value: unknown, _: undefined, field: FieldContext) => {
  if (typeof value === 'string' && COMMON_PASSWORDS.has(value.toLowerCase())) {
    field.report(
      'This password is too common. Choose one that is harder to guess.',
      'notCommon',
      field
    )
  }
})

const characterLength = vine.createRule((value: unknown, _: undefined, field: FieldContext) => {
  if (typeof value !== 'string') return
  const length = [...value].length
  if (length < 8) field.report('Use at least 8 characters.', 'passwordLength', field)
  else if (length > 128) field.report('Use at most 128 characters.', 'passwordLength', field)
})

/** An address shows every character it holds: none invisible, none half a character. */
const visible = vine.createRule((value: unknown, _: undefined, field: FieldContext) => {
  if (typeof value !== 'string') return
  if (!value.isWellFormed() || hasInvisibleCharacters(value)) {
    field.report(
      'This email holds a character that cannot be seen. Type it again.',
      'visible',
      field
    )
  }
})

const email = () => vine.string().trim().maxLength(254).use(visible()).email().toLowerCase()
const newPassword = () => vine.string().use(characterLength()).use(notCommon())

export const registerValidator = vine.create({
  email: email(),
  password: newPassword(),
})

/**
 * The registration page: also the browser's time zone, filled in by the page's script
 * (a name this server does not know is simply not used).
 */
export const registerPageValidator = vine.create({
  email: email(),
  password: newPassword(),
  time_zone: vine.string().trim().maxLength(64).optional(),
})

/** Sign-in checks only the shape; a wrong email or password is one generic answer. */
export const loginValidator = vine.create({
  email: vine.string().trim().maxLength(254).toLowerCase(),
  password: vine.string().maxLength(1024),
})

export const changePasswordValidator = vine.create({
  current_password: vine.string().maxLength(1024),
  password: newPassword(),
})

/** An IANA time zone name this server knows ("Europe/Paris", "UTC"). */
const knownTimeZone = vine.createRule((value: unknown, _: undefined, field: FieldContext) => {
  if (typeof value === 'string' && !isTimeZone(value)) {
    field.report('Choose a time zone by its name, like Europe/Paris or UTC.', 'timeZone', field)
  }
})

/** The reader's settings, each as the account page and the API check it. */
const settingFields = {
  session_gap_hours: () => vine.number().withoutDecimals().range([1, 168]),
  start_die: () => vine.number().in([...DICE]),
  low_rating_placement: () => vine.enum(LOW_RATING_PLACEMENTS),
  time_zone: () => vine.string().trim().maxLength(64).use(knownTimeZone()),
}

/** The account page's settings form: every setting it shows (a choice not sent stays). */
export const settingsValidator = vine.create({
  session_gap_hours: settingFields.session_gap_hours(),
  start_die: settingFields.start_die(),
  low_rating_placement: settingFields.low_rating_placement().optional(),
  time_zone: settingFields.time_zone().optional(),
})

/** PATCH /api/settings: any of the settings. */
export const settingsPatchValidator = vine.create({
  session_gap_hours: settingFields.session_gap_hours().optional(),
  start_die: settingFields.start_die().optional(),
  low_rating_placement: settingFields.low_rating_placement().optional(),
  time_zone: settingFields.time_zone().optional(),
})

/** Turns validated settings fields into the domain's names. */
export function toReaderSettings(data: {
  session_gap_hours?: number
  start_die?: number
  low_rating_placement?: LowRatingPlacement
  time_zone?: string
}) {
  return {
    gapHours: data.session_gap_hours,
    startDie: data.start_die as Die | undefined,
    lowRatingPlacement: data.low_rating_placement,
    timeZone: data.time_zone,
  }
}

/** Asking for a password reset: an address (whether an account has it is never said). */
export const passwordResetRequestValidator = vine.create({
  email: email(),
})

/** A reset link's token (as the link ends) and the new password. */
export const passwordResetValidator = vine.create({
  token: vine.string().trim().maxLength(200),
  password: newPassword(),
})

/** A new email for the account, after the current password. */
export const emailChangeValidator = vine.create({
  email: email(),
  current_password: vine.string().maxLength(1024),
})

/** A mailed confirmation link's token. */
export const emailConfirmValidator = vine.create({
  token: vine.string().trim().maxLength(200),
})

/** Deleting the account: its password. */
export const deleteAccountValidator = vine.create({
  password: vine.string().maxLength(1024),
})

/** A reading goal: issues or sessions, per week, month or year, and how many. */
export const goalValidator = vine.create({
  unit: vine.enum(['issues', 'sessions'] as const),
  per: vine.enum(['week', 'month', 'year'] as const),
  target: vine.number().withoutDecimals().range([1, 10000]),
})

/** A year of the reader's history, for its review. */
export const reviewYearValidator = vine.create({
  year: vine.number().withoutDecimals().range([1900, 9999]),
})
