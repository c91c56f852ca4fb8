import db from '@adonisjs/lucid/services/db'

const TABLES = [
  'order_entries',
  'reading_orders',
  'undo_rows',
  'events',
  'issues',
  'undo_snapshots',
  'reading_sessions',
  'threads',
  'access_tokens',
  'users',
  'rate_limits',
  'shares',
]

/**
 * Empties every table of the test database (isolation per test; real commits, real locks).
 * Work a test left running in the background (the mail queue's worker sending a mail) may
 * take the same tables' locks in another order: the database then ends one side of the
 * deadlock, and the emptying is tried again.
 */
export async function resetDatabase() {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.rawQuery(`TRUNCATE ${TABLES.join(', ')}, pgboss.job RESTART IDENTITY CASCADE`)
      return
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt === 3) throw error
    }
  }
}

export async function count(table: string, where: Record<string, unknown> = {}) {
  const row = await db.from(table).where(where).count('* as total').first()
  return Number(row?.total ?? 0)
}
