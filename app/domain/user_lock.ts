import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * Runs `work` in one transaction that first locks the reader's row, so that racing
 * requests of one reader (several tabs, several processes) apply one at a time,
 * without ever blocking another reader.
 */
export function withUserLock<T>(
  userId: number,
  work: (trx: TransactionClientContract) => Promise<T>
) {
  return db.transaction(async (trx) => {
    await trx.rawQuery('SELECT id FROM users WHERE id = ? FOR UPDATE', [userId])
    return work(trx)
  })
}
