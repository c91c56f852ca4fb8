import db from '@adonisjs/lucid/services/db'
import { databaseFailureOf } from '#services/database_errors'

export type DatabaseHealth = 'ok' | 'busy' | 'unreachable'

/** The process's pool of connections (tarn's), for how full it is. */
function pool() {
  const knex = db.connection().getWriteClient() as unknown as {
    client?: { pool?: { max: number; numUsed(): number; numPendingAcquires(): number } }
  }
  return knex.client?.pool ?? null
}

/**
 * Whether the database answers: `busy` when this process's pool is full with requests
 * waiting for it (or the answer is slow), `unreachable` when PostgreSQL is down. A full
 * pool is said at once, without waiting in line for a connection.
 */
export async function databaseHealth(timeoutMs = 2500): Promise<DatabaseHealth> {
  const connections = pool()
  if (connections && connections.numUsed() >= connections.max && connections.numPendingAcquires())
    return 'busy'
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<DatabaseHealth>((done) => {
    timer = setTimeout(() => done('busy'), timeoutMs)
  })
  const query = db
    .rawQuery('SELECT 1')
    .then((): DatabaseHealth => 'ok')
    .catch((error): DatabaseHealth => {
      const failure = databaseFailureOf(error)
      return failure === 'unreachable' || failure === null ? 'unreachable' : 'busy'
    })
  try {
    return await Promise.race([query, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** True when the database answers a trivial query within `timeoutMs`. */
export async function databaseReachable(timeoutMs = 2500): Promise<boolean> {
  return (await databaseHealth(timeoutMs)) === 'ok'
}
