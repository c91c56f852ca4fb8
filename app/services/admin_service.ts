import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { AppError } from '#exceptions/app_error'
import { endEveryWayIn } from '#services/account_security'

/** Every account with its thread count and last activity (one query). */
export async function listUsers() {
  const { rows } = await db.rawQuery(
    `SELECT u.id, u.email, u.is_admin, u.created_at,
            (SELECT count(*) FROM threads t WHERE t.user_id = u.id) AS thread_count,
            (SELECT max(s.last_activity_at) FROM reading_sessions s WHERE s.user_id = u.id) AS last_active_at
       FROM users u ORDER BY u.id`
  )
  return rows.map((row: Record<string, any>) => ({
    id: row.id,
    email: row.email,
    is_admin: row.is_admin,
    created_at: row.created_at?.toISOString() ?? null,
    thread_count: Number(row.thread_count ?? 0),
    last_active_at: row.last_active_at?.toISOString() ?? null,
  }))
}

/** Every reader's data, without password hashes or token rows. */
export async function exportEverything() {
  const [users, threads, issues, sessions, events] = await Promise.all([
    db
      .from('users')
      .select(
        'id',
        'email',
        'is_admin',
        'session_gap_hours',
        'start_die',
        'created_at',
        'updated_at'
      )
      .orderBy('id'),
    db.from('threads').select('*').orderBy('id'),
    db.from('issues').select('*').orderBy('id'),
    db.from('reading_sessions').select('*').orderBy('id'),
    db.from('events').select('*').orderBy('id'),
  ])
  return { exported_at: new Date().toISOString(), users, threads, issues, sessions, events }
}

export async function revokeTokensOf(userId: number) {
  const user = Number.isSafeInteger(userId) && userId > 0 ? await User.find(userId) : null
  if (!user) throw AppError.notFound('No such user.')
  return db.transaction((trx) => endEveryWayIn(trx, user.id, 'revoked_by_admin'))
}
