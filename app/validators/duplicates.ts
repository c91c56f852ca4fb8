import type { DuplicateChoices } from '#domain/duplicates'

/** A page's answer for the title at an index of its batch: `answer_<index>`. */
const ANSWER = /^answer_(\d{1,6})$/

/**
 * The answers of a page's duplicates question (`answer_3=skip`, `answer_7=add`), by the
 * index of each title in its batch. A value that is neither is no answer: that title is
 * asked again. No answers at all: every duplicate is asked (the pages always ask).
 */
export function duplicateChoices(body: Record<string, unknown>): DuplicateChoices {
  const choices = new Map<number, 'add' | 'skip'>()
  for (const [key, value] of Object.entries(body ?? {})) {
    const index = ANSWER.exec(key)?.[1]
    if (index !== undefined && (value === 'add' || value === 'skip')) {
      choices.set(Number(index), value)
    }
  }
  return choices
}
