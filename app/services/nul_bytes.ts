/**
 * The first place in parsed input (a body, a query string, an imported file's data) that
 * holds text no field can keep: a NUL character (PostgreSQL cannot store one) or a lone
 * surrogate (half of a character, which is no text at all). Its path with dots
 * (`threads.3.title`; '' for the input itself) and what is wrong, or null when there is
 * none. Reads plain objects and arrays only (uploaded files are left alone), without
 * recursion.
 */
export function findUnstorableField(
  input: unknown
): { path: string; problem: 'nul' | 'half' } | null {
  const stack: Array<[unknown, string]> = [[input, '']]
  const problemOf = (text: string) =>
    text.includes('\0') ? 'nul' : text.isWellFormed() ? null : 'half'
  while (stack.length) {
    const [value, path] = stack.pop()!
    if (typeof value === 'string') {
      const problem = problemOf(value)
      if (problem) return { path, problem }
      continue
    }
    if (value === null || typeof value !== 'object') continue
    const proto = Object.getPrototypeOf(value)
    if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) continue
    for (const [key, item] of Object.entries(value)) {
      const itemPath = path ? `${path}.${key}` : key
      const problem = problemOf(key)
      if (problem) return { path: itemPath, problem }
      stack.push([item, itemPath])
    }
  }
  return null
}

/** The first place in parsed input that holds a NUL character (see findUnstorableField). */
export function findNulField(input: unknown): string | null {
  const found = findUnstorableField(input)
  return found?.problem === 'nul' ? found.path : null
}
