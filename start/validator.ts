/*
 * Validation messages in plain words; field errors are reported next to fields.
 */
import vine, { SimpleMessagesProvider } from '@vinejs/vine'

vine.messagesProvider = new SimpleMessagesProvider({
  required: 'This field is required.',
  string: 'This field must be text.',
  number: 'Enter a number.',
  boolean: 'This field must be true or false.',
  email: 'Enter a valid email address, like reader@example.com.',
  minLength: 'Use at least {{ min }} characters.',
  maxLength: 'Use at most {{ max }} characters.',
  min: 'Enter {{ min }} or more.',
  max: 'Enter {{ max }} or less.',
  range: 'Enter a number from {{ min }} to {{ max }}.',
  withoutDecimals: 'Enter a whole number.',
  in: 'Choose one of the offered values.',
  enum: 'Choose one of: {{ choices }}.',
  url: 'Enter a full web address starting with http:// or https://.',
  object: 'Send a JSON object.',
})
