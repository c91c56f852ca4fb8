import db from '@adonisjs/lucid/services/db'
import { databaseFailureOf } from '#services/database_errors'

export type DatabaseHealth = 'ok' | 'busy' | 'unreachable'

/**
 * Whether the database answers: `busy` when no connection of this process's pool came
 * free in time (or the answer was slow), `unreachable` when PostgreSQL is down. A pool in
 * use for a moment is no failure: the check waits its turn like any request.
 */
export async function databaseHealth(timeoutMs = 2500): Promise<DatabaseHealth> {
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
