/** "1 thread", "3 threads": a count with its noun, singular or plural. */
export function count(n: number, singular: string, plural = `${singular}s`) {
  return `${n.toLocaleString('en')} ${n === 1 ? singular : plural}`
}

/** "A, B and C". */
export function listed(items: readonly string[], word: 'and' | 'or' = 'and') {
  if (items.length < 2) return items.join('')
  return `${items.slice(0, -1).join(', ')} ${word} ${items.at(-1)}`
}
