import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { COMMON_PASSWORDS } from '#validators/common_passwords'
import { DICE } from '#domain/ladder'

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

const email = () => vine.string().trim().maxLength(254).email().toLowerCase()
const newPassword = () => vine.string().use(characterLength()).use(notCommon())

export const registerValidator = vine.create({
  email: email(),
  password: newPassword(),
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

export const settingsValidator = vine.create({
  session_gap_hours: vine.number().withoutDecimals().range([1, 168]),
  start_die: vine.number().in([...DICE]),
})
