import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { preparedQuery } from '#services/prepared_statements'
import {
  type LockLoad,
  type LockedReader,
  lockStatement,
  lockedReaderFrom,
  lockedStale,
} from '#domain/reading_state'
import { Refusal } from '#domain/refusal'
import { recordMonthEnds } from '#domain/pile_months'

export type { LockLoad, LockedReader }

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
  const { sql, bindings } = lockStatement(userId, load)
  let { rows } = await preparedQuery(trx, sql, bindings)
  if (lockedStale(rows)) ({ rows } = await preparedQuery(trx, sql, bindings))
  return lockedReaderFrom(rows, load)
}

/** Records that the reader's state changed (see `lockReader`). */
function bumpStateVersion(trx: TransactionClientContract, userId: number) {
  return trx.from('users').where('id', userId).increment('state_version', 1)
}

/**
 * Runs `work` in one transaction that first locks the reader's row, so that racing
 * requests of one reader (several tabs, several processes) apply one at a time,
 * without ever blocking another reader. `work` receives the reader's state loaded
 * with the lock. The state version is bumped at the end, unless `work` writes it in
 * its own closing statement (`versionBumpedByWork`). A wait for the lock longer than
 * the connection's lock_timeout (another long change of the reader's, like an import)
 * is refused as busy. The first change of a reader's month records the pile's month-end
 * figures first (pile_months.ts).
 */
export function withUserLock<T>(
  userId: number,
  work: (trx: TransactionClientContract, locked: LockedReader) => Promise<T>,
  options: { load?: LockLoad; versionBumpedByWork?: boolean } = {}
) {
  return db
    .transaction(async (trx) => {
      const locked = await lockReader(trx, userId, options.load ?? {})
      // The first change of a month records the pile as the month before left it.
      await recordMonthEnds(trx, userId, locked.pileMonth ?? null, locked.timeZone ?? 'UTC')
      const result = await work(trx, locked)
      if (!options.versionBumpedByWork) await bumpStateVersion(trx, userId)
      return result
    })
    .catch((error) => {
      // lock_not_available: another change of the reader's held the lock too long.
      if ((error as { code?: string }).code !== '55P03') throw error
      throw new Refusal(
        'busy',
        'Your pile is busy with another change (an import?). Try again in a moment.'
      )
    })
}
