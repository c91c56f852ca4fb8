import db from '@adonisjs/lucid/services/db'
import { AppError } from '#exceptions/app_error'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { columnsOf, pickPrefixed, preparedQuery } from '#services/prepared_statements'
import ReadingSession from '#models/reading_session'
import Thread from '#models/thread'
import { LADDER_COLUMN } from '#domain/reading_sessions'
import { QueueTop, poolLimit, queueFactColumns } from '#domain/queue'

/** What an action may load together with the lock, beside the open session. */
export interface LockLoad {
  /** The top of the queue, enough for the die (see `poolLimit`), given the reader's start die. */
  pool?: { startDie: number }
  /** The open session's pending thread with its queue facts (see `queueFactColumns`). */
  pending?: { countActive: boolean }
}

/** The reader's state as loaded under the lock. */
export interface LockedReader {
  open: ReadingSession | null
  /** The top of the queue in order, with positions (when asked for). */
  pool?: QueueTop
  /** The open session's pending thread with its queue facts (when asked for). */
  pending?: Thread | null
}

/**
 * Locks the reader's row for the rest of the transaction and, in the same statement,
 * loads their open session with its ladder and what `load` asks for. The joined rows
 * come from the statement's snapshot, taken before any wait for the lock: every change
 * under the lock bumps `users.state_version`, so a locked version that differs from
 * the one the snapshot saw means another action committed meanwhile, and the load is
 * run again (now under the lock, on a fresh snapshot).
 */
async function lockReader(
  trx: TransactionClientContract,
  userId: number,
  load: LockLoad
): Promise<LockedReader> {
  const columns = [
    'users.state_version AS locked_version',
    '(SELECT u.state_version FROM users u WHERE u.id = ?) AS seen_version',
    ...columnsOf(ReadingSession, 'reading_sessions', 's.'),
    'reading_sessions.ladder',
  ]
  const bindings: unknown[] = [userId]
  let joins = ''
  if (load.pool) {
    columns.push(...columnsOf(Thread, 'pool', 't.'))
    const limit = poolLimit('reading_sessions.manual_die', 'reading_sessions.current_die')
    joins += ` LEFT JOIN LATERAL (SELECT * FROM threads WHERE threads.user_id = users.id
      AND threads.status = 'active' ORDER BY threads.sort_key LIMIT ${limit}) AS pool ON true`
    bindings.push(load.pool.startDie)
  } else if (load.pending) {
    columns.push(...columnsOf(Thread, 'threads', 'p.'))
    for (const [fact, factBindings] of queueFactColumns(load.pending.countActive)) {
      columns.push(fact)
      bindings.push(...factBindings)
    }
    joins += ` LEFT JOIN threads ON threads.id = reading_sessions.pending_thread_id
      AND threads.user_id = users.id`
  }
  const sql = `SELECT ${columns.join(', ')}
    FROM users LEFT JOIN LATERAL (SELECT reading_sessions.*, ${LADDER_COLUMN} FROM reading_sessions
      WHERE reading_sessions.user_id = users.id AND reading_sessions.ended_at IS NULL
      LIMIT 1) AS reading_sessions ON true${joins}
   WHERE users.id = ?${load.pool ? ' ORDER BY pool.sort_key' : ''} FOR UPDATE OF users`
  bindings.push(userId)

  let { rows } = await preparedQuery(trx, sql, bindings)
  if (rows[0] && String(rows[0].locked_version) !== String(rows[0].seen_version)) {
    ;({ rows } = await preparedQuery(trx, sql, bindings))
  }
  const first = rows[0] ?? {}
  let open: ReadingSession | null = null
  if (first['s.id']) {
    open = ReadingSession.$createFromAdapterResult(pickPrefixed(first, 's.'))!
    open.$extras.ladder = first.ladder
  }
  const locked: LockedReader = { open }
  if (load.pool) {
    locked.pool = new QueueTop(rows.filter((row: Record<string, unknown>) => row['t.id']))
  }
  if (load.pending) {
    const { queue_ahead: ahead, queue_first_key: firstKey } = first
    const { queue_last_key: lastKey, queue_active: active } = first
    locked.pending = first['p.id']
      ? Thread.$createFromAdapterResult({
          ...pickPrefixed(first, 'p.'),
          queue_ahead: ahead,
          queue_first_key: firstKey,
          queue_last_key: lastKey,
          queue_active: active,
        })!
      : null
  }
  return locked
}

/** Records that the reader's state changed (see `lockReader`). */
export function bumpStateVersion(trx: TransactionClientContract, userId: number) {
  return trx.from('users').where('id', userId).increment('state_version', 1)
}

/**
 * Runs `work` in one transaction that first locks the reader's row, so that racing
 * requests of one reader (several tabs, several processes) apply one at a time,
 * without ever blocking another reader. `work` receives the reader's state loaded
 * with the lock. The state version is bumped at the end, unless `work` writes it in
 * its own closing statement (`versionBumpedByWork`).
 */
export function withUserLock<T>(
  userId: number,
  work: (trx: TransactionClientContract, locked: LockedReader) => Promise<T>,
  options: { load?: LockLoad; versionBumpedByWork?: boolean } = {}
) {
  return db
    .transaction(async (trx) => {
      const result = await work(trx, await lockReader(trx, userId, options.load ?? {}))
      if (!options.versionBumpedByWork) await bumpStateVersion(trx, userId)
      return result
    })
    .catch((error) => {
      // lock_not_available: another change of the reader's held the lock too long.
      if ((error as { code?: string }).code !== '55P03') throw error
      throw AppError.busy(
        'Your pile is busy with another change (an import?). Try again in a moment.',
        5
      )
    })
}
