/**
 * Files kept while a page asks about them (app/http/held_files.ts): one a reader and
 * kind of import, read back only by their owner within an hour, dropped once imported.
 */
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'

/** How long a file is kept for its question to be answered. */
export const HELD_FOR = '1 hour'

export interface HeldUpload {
  id: string
  name: string
  body: string
}

/** Keeps `body` as the reader's file of `kind` (in place of one kept before); its id. */
export async function holdUpload(userId: number, kind: string, name: string, body: string) {
  const id = randomUUID()
  await db.rawQuery(
    `INSERT INTO held_uploads (id, user_id, kind, name, body) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (user_id, kind)
     DO UPDATE SET id = excluded.id, name = excluded.name, body = excluded.body, created_at = now()`,
    [id, userId, kind, name.slice(0, 255), body]
  )
  // Whatever was left by readers who never answered goes with it.
  await db.rawQuery(`DELETE FROM held_uploads WHERE created_at < now() - interval '${HELD_FOR}'`)
  return id
}

/** The reader's kept file of `kind` with this id, if it is still kept. */
export async function heldUpload(
  userId: number,
  kind: string,
  id: string
): Promise<HeldUpload | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null
  const { rows } = await db.rawQuery(
    `SELECT id, name, body FROM held_uploads
      WHERE id = ? AND user_id = ? AND kind = ? AND created_at > now() - interval '${HELD_FOR}'`,
    [id, userId, kind]
  )
  return rows[0] ?? null
}

/** Forgets the reader's kept file of `kind` (imported, or another chosen). */
export async function dropHeldUpload(userId: number, kind: string) {
  await db.rawQuery('DELETE FROM held_uploads WHERE user_id = ? AND kind = ?', [userId, kind])
}
