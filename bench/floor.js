/*
 * The machine's floor for an action, started by bench/run.js in its own process: a
 * bare node:http server on node-postgres (no framework, no ORM, no domain work) that
 * runs, per request, the statement skeleton of every action of the app, on the same
 * database: the reader's lookup, then BEGIN, the lock on the reader's row, the bump of
 * its state version, COMMIT. Nothing the app does per action can cost less than this,
 * so its latency at 32 connections says what this machine allows at all.
 *
 * Environment: DATABASE_URL, PORT, DATABASE_POOL_MAX. The reader is the `x-reader`
 * header (a user id).
 */
import http from 'node:http'
import pg from 'pg'

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_MAX ?? 20),
})

const STATEMENTS = {
  lookup: 'SELECT id, email, state_version FROM users WHERE id = $1',
  lock: 'SELECT state_version FROM users WHERE id = $1 FOR UPDATE',
  bump: 'UPDATE users SET state_version = state_version + 1 WHERE id = $1',
}
const run = (client, name, values) =>
  client.query({ name: `floor_${name}`, text: STATEMENTS[name], values })

async function act(readerId) {
  const client = await pool.connect()
  try {
    const { rows } = await run(client, 'lookup', [readerId])
    if (!rows[0]) return 404
    await client.query('BEGIN')
    try {
      await run(client, 'lock', [readerId])
      await run(client, 'bump', [readerId])
      await client.query('COMMIT')
    } catch (error) {
      await client.query('ROLLBACK')
      throw error
    }
    return 200
  } finally {
    client.release()
  }
}

const server = http.createServer((request, response) => {
  const readerId = Number(request.headers['x-reader'])
  act(readerId)
    .then((status) => {
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ ok: status === 200 }))
    })
    .catch(() => {
      response.writeHead(500)
      response.end()
    })
})

server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('listening'))
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))))
