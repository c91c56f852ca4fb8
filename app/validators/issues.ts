import vine from '@vinejs/vine'
import { ISSUES_AT_ONCE, ISSUE_LABEL_LENGTH } from '#domain/issue_numbers'

/** Room for the longest list a reader may add at once: 1,000 labels and their commas. */
const NUMBERS_LENGTH = ISSUES_AT_ONCE * (ISSUE_LABEL_LENGTH + 2)

/** Issues to add to a thread's list: "1-25, 30, Annual 1" (read by the domain's rules). */
export const addIssuesValidator = vine.create({
  numbers: vine.string().trim().minLength(1).maxLength(NUMBERS_LENGTH),
})

/** A page of a thread's issues on its page. */
export const issuesPageValidator = vine.create({
  issues_page: vine.number().withoutDecimals().range([1, 1000]).optional(),
})
