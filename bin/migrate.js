/*
 * `npm run migrate`: applies pending migrations to DATABASE_URL. In production it
 * runs the compiled build (no TypeScript tooling needed); elsewhere the sources.
 * Processes migrating the same database at once take turns: each waits for the one
 * before it (an advisory lock held while it runs), then finds nothing left to do. They
 * run on the one-connection `migrations` connection (config/database.ts).
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'

const production = process.env.NODE_ENV === 'production'
const ace = production && existsSync('build/ace.js') ? 'build/ace.js' : 'ace.js'
if (production && ace === 'ace.js') {
  console.error('No build found: run "npm run build" before migrating in production.')
  process.exit(1)
}

/** The key of the advisory lock migrations take turns on. */
const MIGRATION_TURNS = 0x1d91

function migrate() {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [ace, 'migration:run', '--force', '--connection=migrations', ...process.argv.slice(2)],
      {
        stdio: 'inherit',
      }
    )
    child.on('close', (code) => done(code ?? 1))
  })
}

let turn = null
if (process.env.DATABASE_URL) {
  const { default: pg } = await import('pg')
  turn = new pg.Client({
    connectionString: process.env.DATABASE_URL,
    connectionTimeoutMillis: 10000,
  })
  try {
    await turn.connect()
    const { rows } = await turn.query('SELECT pg_try_advisory_lock($1) AS mine', [MIGRATION_TURNS])
    if (!rows[0].mine) {
      console.log('Another process is migrating this database; waiting for it to finish…')
      await turn.query('SELECT pg_advisory_lock($1)', [MIGRATION_TURNS])
    }
  } catch (error) {
    console.error(`Cannot reach the database at DATABASE_URL: ${error.message}`)
    process.exit(1)
  }
}
const code = await migrate()
await turn?.end()
process.exit(code)
