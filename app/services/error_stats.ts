/** Counts of 5xx answers by route since the process started (for /debug/errors). */
const counts = new Map<string, number>()
const startedAt = new Date()

export function countServerError(route: string) {
  counts.set(route, (counts.get(route) ?? 0) + 1)
}

export function serverErrorStats() {
  const byRoute = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]))
  return {
    since: startedAt.toISOString(),
    total: [...counts.values()].reduce((a, b) => a + b, 0),
    by_route: byRoute,
  }
}
