import pg from 'pg'
import env from '#start/env'

/**
 * A claim that ends with its process however that ends: a session-level advisory lock
 * (`classId`, `objectId`) on a connection of its own (a kill -9 closes the connection,
 * and PostgreSQL lets the lock go at once). Null when another process holds it.
 */
export async function claimOnOwnConnection(classId: number, objectId: number) {
  const client = new pg.Client({
    connectionString: env.get('DATABASE_URL'),
    connectionTimeoutMillis: 3000,
  })
  await client.connect()
  try {
    const { rows } = await client.query('SELECT pg_try_advisory_lock($1, $2) AS claimed', [
      classId,
      objectId,
    ])
    if (rows[0].claimed) return { release: () => client.end() }
  } catch (error) {
    await client.end()
    throw error
  }
  await client.end()
  return null
}
