import db from '@adonisjs/lucid/services/db'

const TABLES = [
  'undo_rows',
  'events',
  'issues',
  'undo_snapshots',
  'reading_sessions',
  'threads',
  'access_tokens',
  'users',
  'rate_limits',
]

/** Empties every table of the test database (isolation per test; real commits, real locks). */
export async function resetDatabase() {
  await db.rawQuery(`TRUNCATE ${TABLES.join(', ')}, pgboss.job RESTART IDENTITY CASCADE`)
}

export async function count(table: string, where: Record<string, unknown> = {}) {
  const row = await db.from(table).where(where).count('* as total').first()
  return Number(row?.total ?? 0)
}
