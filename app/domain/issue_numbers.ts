/**
 * A thread's issue numbers as a reader writes them: "1-25, 30, Annual 1". Pure rules:
 * no database. Parts are split on commas; a part with a "-" is a range of two whole
 * numbers, the first not above the second; any other part is one issue's label.
 */

/** Issues a reader may add at once. */
export const ISSUES_AT_ONCE = 1000
/** Issues a thread may list. */
export const ISSUES_PER_THREAD = 5000
/** Characters of one issue's label. */
export const ISSUE_LABEL_LENGTH = 20

export type ParsedIssueNumbers = { numbers: string[] } | { problem: string }

const format = (n: number) => n.toLocaleString('en')

/** A part of the reader's text, quoted in a message (never the whole of a long one). */
const quoted = (part: string) => `“${part.length > 30 ? `${part.slice(0, 29)}…` : part}”`

/** How an issue is named on the pages: "#14" for a number, "Annual 1" as it is. */
export function issueLabel(number: string) {
  return /^\d/.test(number) ? `#${number}` : number
}

/** The key two labels are the same issue by: case aside. */
export const issueKey = (number: string) => number.toLowerCase()

const TOO_MANY = `That is more than ${format(ISSUES_AT_ONCE)} issues at once: add them in parts.`

/** The issues a text lists, in its order, or why it cannot be read. */
export function parseIssueNumbers(text: string): ParsedIssueNumbers {
  const parts = text
    .split(',')
    .map((part) => part.trim().replace(/\s+/g, ' '))
    .filter((part) => part.length > 0)
  if (parts.length === 0) return { problem: 'List at least one issue, like “1-25, 30, Annual 1”.' }
  const numbers: string[] = []
  const seen = new Set<string>()
  for (const part of parts) {
    let labels: string[]
    if (part.includes('-')) {
      const range = part.match(/^(\d{1,9}) ?- ?(\d{1,9})$/)
      if (!range) {
        return {
          problem: `${quoted(part)} is not a range: a part with “-” must be two whole numbers, like “1-25”.`,
        }
      }
      const [from, to] = [Number(range[1]), Number(range[2])]
      if (from > to) {
        return {
          problem: `${quoted(part)} counts down: write the smaller number first (“${to}-${from}”).`,
        }
      }
      if (numbers.length + (to - from + 1) > ISSUES_AT_ONCE) return { problem: TOO_MANY }
      labels = Array.from({ length: to - from + 1 }, (_, index) => String(from + index))
    } else {
      const label = part.replace(/^#\s*/, '')
      if (label.length === 0) return { problem: '“#” alone is not an issue: write its number.' }
      if (label.length > ISSUE_LABEL_LENGTH) {
        return {
          problem: `${quoted(label)} is too long for an issue: a label is 1–${ISSUE_LABEL_LENGTH} characters.`,
        }
      }
      labels = [label]
    }
    for (const label of labels) {
      const key = issueKey(label)
      if (seen.has(key)) return { problem: `${issueLabel(label)} is listed twice.` }
      seen.add(key)
      numbers.push(label)
    }
    if (numbers.length > ISSUES_AT_ONCE) return { problem: TOO_MANY }
  }
  return { numbers }
}

/** "#14", "#14 and #15", "#14, #15 and 3 more": issues named in a sentence. */
export function issueList(numbers: string[], shown = 3) {
  const labels = numbers.slice(0, shown).map(issueLabel)
  const rest = numbers.length - labels.length
  if (rest > 0) return `${labels.join(', ')} and ${format(rest)} more`
  if (labels.length === 1) return labels[0]
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`
}
