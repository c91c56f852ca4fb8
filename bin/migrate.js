/*
 * `npm run migrate`: applies pending migrations to DATABASE_URL. In production it
 * runs the compiled build (no TypeScript tooling needed); elsewhere the sources.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const production = process.env.NODE_ENV === 'production'
const ace = production && existsSync('build/ace.js') ? 'build/ace.js' : 'ace.js'
if (production && ace === 'ace.js') {
  console.error('No build found: run "npm run build" before migrating in production.')
  process.exit(1)
}
const result = spawnSync(
  process.execPath,
  [ace, 'migration:run', '--force', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  }
)
process.exit(result.status ?? 1)
