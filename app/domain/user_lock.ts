import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type ReadingSession from '#models/reading_session'
import { lockReader } from '#domain/reading_sessions'

/**
 * Runs `work` in one transaction that first locks the reader's row, so that racing
 * requests of one reader (several tabs, several processes) apply one at a time,
 * without ever blocking another reader. The same query loads the reader's open
 * session, which `work` receives (null when there is none).
 */
export function withUserLock<T>(
  userId: number,
  work: (trx: TransactionClientContract, open: ReadingSession | null) => Promise<T>
) {
  return db.transaction(async (trx) => work(trx, await lockReader(trx, userId)))
}
