const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
])

/** True for errors that mean PostgreSQL cannot be reached (an answer is then 503). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  const err = error as {
    code?: string
    syscall?: string
    name?: string
    message?: string
    errors?: unknown[]
  }
  if (err.code && CONNECTION_CODES.has(err.code)) return true
  // A server reached through its Unix socket: when it stops, the socket file is gone.
  if (err.code === 'ENOENT' && err.syscall === 'connect') return true
  if (err.name === 'KnexTimeoutError') return true
  if (
    typeof err.message === 'string' &&
    /Connection terminated|timeout acquiring a connection|connect ECONNREFUSED/i.test(err.message)
  )
    return true
  return Array.isArray(err.errors) && err.errors.some(isDatabaseUnavailable)
}
