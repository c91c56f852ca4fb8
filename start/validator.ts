/*
 * Validation messages in plain words; field errors are reported next to fields.
 */
import vine, { SimpleMessagesProvider } from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { count } from '#services/words'

/** The messages below, with lengths counted in words that agree ("1 character"). */
class PlainMessages extends SimpleMessagesProvider {
  getMessage(raw: string, rule: string, field: FieldContext, args?: Record<string, any>) {
    if (rule === 'minLength' && args?.min === 1) return 'Write something here.'
    if (rule === 'minLength' || rule === 'maxLength') {
      const limit = count(rule === 'minLength' ? args?.min : args?.max, 'character')
      return `Use ${rule === 'minLength' ? 'at least' : 'at most'} ${limit}.`
    }
    return super.getMessage(raw, rule, field, args)
  }
}

vine.messagesProvider = new PlainMessages({
  required: 'This field is required.',
  string: 'This field must be text.',
  number: 'Enter a number.',
  boolean: 'This field must be true or false.',
  email: 'Enter a valid email address, like reader@example.com.',
  min: 'Enter {{ min }} or more.',
  max: 'Enter {{ max }} or less.',
  range: 'Enter a number from {{ min }} to {{ max }}.',
  withoutDecimals: 'Enter a whole number.',
  in: 'Choose one of the offered values.',
  enum: 'Choose one of: {{ choices }}.',
  url: 'Enter a full web address starting with http:// or https://.',
  object: 'Send a JSON object.',
})
