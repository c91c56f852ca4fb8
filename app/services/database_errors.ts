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

const CONNECTION_MESSAGES =
  /Connection terminated|connect ECONNREFUSED|not queryable|socket has been ended|server closed the connection|Connection ended unexpectedly/i

/** True for errors that mean PostgreSQL cannot be reached (an answer is then 503). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  const err = error as {
    code?: string
    syscall?: string
    message?: string
    errors?: unknown[]
  }
  if (err.code && CONNECTION_CODES.has(err.code)) return true
  // A server reached through its Unix socket: when it stops, the socket file is gone.
  if (err.code === 'ENOENT' && err.syscall === 'connect') return true
  if (typeof err.message === 'string' && CONNECTION_MESSAGES.test(err.message)) return true
  return Array.isArray(err.errors) && err.errors.some(isDatabaseUnavailable)
}

/**
 * How the database failed a request, when it did (anything else is not the database's):
 * - `lock_wait`: a wait for a row of the reader's own, held by another change of theirs,
 *   outlasted lock_timeout (or two such changes deadlocked);
 * - `timed_out`: a statement outlasted statement_timeout;
 * - `pool_full`: no pooled connection was free in time;
 * - `unreachable`: PostgreSQL is down or cannot be reached.
 */
export type DatabaseFailure = 'lock_wait' | 'timed_out' | 'pool_full' | 'unreachable'

export function databaseFailureOf(error: unknown): DatabaseFailure | null {
  if (!error || typeof error !== 'object') return null
  const err = error as { code?: string; name?: string; message?: string }
  // A lock held too long, or two changes of one reader's crossing (a deadlock): try again.
  if (err.code === '55P03' || err.code === '40P01') return 'lock_wait'
  if (err.code === '57014') return 'timed_out'
  if (err.name === 'KnexTimeoutError' || /timeout acquiring a connection/i.test(err.message ?? ''))
    return 'pool_full'
  return isDatabaseUnavailable(error) ? 'unreachable' : null
}

/** What each failure answers: waiting on one's own lock is the reader's 429, the rest 503s. */
export const DATABASE_FAILURE_ANSWERS: Record<
  DatabaseFailure,
  { status: 429 | 503; retryAfter: number; message: string }
> = {
  lock_wait: {
    status: 429,
    retryAfter: 2,
    message: 'Your pile is busy with another change of yours. Try again in a moment.',
  },
  timed_out: {
    status: 503,
    retryAfter: 5,
    message: 'That took the server too long. Try again in a moment, or narrow it down.',
  },
  pool_full: {
    status: 503,
    retryAfter: 2,
    message: 'The server is busy. Try again in a moment.',
  },
  unreachable: {
    status: 503,
    retryAfter: 10,
    message: 'The service is unavailable. Try again in a moment.',
  },
}

/** How often a kind of database failure is logged at most, however many requests it fails. */
const LOG_EVERY_MS = 60_000
const lastLogged = new Map<string, { at: number; unlogged: number }>()

/**
 * Whether a failure of this kind should be logged now: the first of each kind, then at
 * most once a minute, saying how many went unlogged meanwhile (an outage is one line a
 * minute, not one per request).
 */
export function logOnceInAWhile(kind: string, now = Date.now()): { unlogged: number } | null {
  const last = lastLogged.get(kind)
  if (last && now - last.at < LOG_EVERY_MS) {
    last.unlogged++
    return null
  }
  lastLogged.set(kind, { at: now, unlogged: 0 })
  return { unlogged: last?.unlogged ?? 0 }
}
