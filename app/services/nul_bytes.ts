/**
 * The first place in parsed input (a body, a query string, an imported file's data) that
 * holds a NUL character, which PostgreSQL cannot store in text: its path with dots
 * (`threads.3.title`; '' for the input itself), or null when there is none. Reads plain
 * objects and arrays only (uploaded files are left alone), without recursion.
 */
export function findNulField(input: unknown): string | null {
  const stack: Array<[unknown, string]> = [[input, '']]
  while (stack.length) {
    const [value, path] = stack.pop()!
    if (typeof value === 'string') {
      if (value.includes('\0')) return path
      continue
    }
    if (value === null || typeof value !== 'object') continue
    const proto = Object.getPrototypeOf(value)
    if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) continue
    for (const [key, item] of Object.entries(value)) {
      const itemPath = path ? `${path}.${key}` : key
      if (key.includes('\0')) return itemPath
      stack.push([item, itemPath])
    }
  }
  return null
}
