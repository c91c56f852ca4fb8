/**
 * Prepares the process environment before the application boots: the local
 * defaults of development and test, and the embedded PostgreSQL server used when
 * DATABASE_URL is unset outside production.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseEnv } from 'node:util'
import { freePort } from '../database/free_port.ts'

const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url))

type Mode = 'development' | 'test' | 'production'

export interface PreparedRuntime {
  mode: Mode
  embedded: boolean
  stop(): Promise<void>
}

function say(message: string) {
  process.stderr.write(`[comic-pile] ${message}\n`)
}

/** Values of `.env` that the shell has not already set (development only). */
function loadDotEnv() {
  const file = join(PROJECT_ROOT, '.env')
  if (!existsSync(file)) return
  const values = parseEnv(readFileSync(file, 'utf8'))
  for (const [key, value] of Object.entries(values)) {
    if (process.env[key] === undefined && value !== undefined) process.env[key] = value
  }
}

/** Random local secrets, generated once and kept under tmp/ so sign-ins survive restarts. */
function localSecrets(): { APP_KEY: string; JWT_SECRET: string } {
  const file = join(PROJECT_ROOT, 'tmp', 'local-secrets.json')
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'))
  const secrets = {
    APP_KEY: randomBytes(32).toString('base64url'),
    JWT_SECRET: randomBytes(48).toString('base64url'),
  }
  mkdirSync(join(PROJECT_ROOT, 'tmp'), { recursive: true })
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 })
  return secrets
}

/**
 * The address a local server is reached at: the one `npm run dev` prints, that mailed
 * links point at (APP_URL) and that may call the API from a browser (CORS_ORIGINS).
 */
function localAddress() {
  const host = process.env.HOST === '0.0.0.0' ? '127.0.0.1' : process.env.HOST
  return `http://${host!.includes(':') ? `[${host}]` : host}:${process.env.PORT}`
}

function fillLocalDefaults(mode: Mode) {
  const secrets = mode === 'test' ? null : localSecrets()
  process.env.HOST ||= 'localhost'
  process.env.PORT ||= '3333'
  const defaults: Record<string, string> = {
    APP_KEY: secrets?.APP_KEY ?? randomBytes(32).toString('base64url'),
    JWT_SECRET: secrets?.JWT_SECRET ?? randomBytes(48).toString('base64url'),
    APP_URL: localAddress(),
  }
  defaults.CORS_ORIGINS = new URL(process.env.APP_URL || defaults.APP_URL).origin
  const filled: string[] = []
  for (const [key, value] of Object.entries(defaults)) {
    if (!process.env[key]) {
      process.env[key] = value
      filled.push(key)
    }
  }
  if (filled.length && mode === 'development') {
    say(`Using local development defaults for ${filled.join(', ')} (not for production).`)
  }
}

/** Set for child processes (the watched dev server) of a process that runs the embedded server. */
const EMBEDDED_MARKER = 'COMIC_PILE_EMBEDDED_DATABASE'

export async function prepareRuntime(
  defaultMode: Mode,
  options: { database?: boolean; ephemeralSecrets?: boolean } = {}
): Promise<PreparedRuntime> {
  process.env.NODE_ENV ||= defaultMode
  process.env.TZ = 'UTC'
  const env = process.env.NODE_ENV
  const mode: Mode = env === 'test' ? 'test' : env === 'production' ? 'production' : 'development'
  const nothing = async () => {}

  if (mode === 'production') {
    // Commands (build, codegen, migrations) boot the app without serving it or
    // signing anything: secrets of their own, kept nowhere, stand in for the real ones.
    if (options.ephemeralSecrets) {
      process.env.APP_KEY ||= randomBytes(32).toString('base64url')
      process.env.JWT_SECRET ||= randomBytes(48).toString('base64url')
    }
    return { mode, embedded: false, stop: nothing }
  }
  if (mode === 'development') loadDotEnv()
  if (mode === 'test') {
    process.env.HOST = '127.0.0.1'
    process.env.PORT ||= String(await freePort())
  }
  fillLocalDefaults(mode)
  if (process.env.DATABASE_URL || options.database === false) {
    return { mode, embedded: process.env[EMBEDDED_MARKER] === '1', stop: nothing }
  }

  const { startEmbeddedPostgres, dataDirectory, removeStaleTestClusters } =
    await import('../database/embedded_postgres.ts')
  if (mode === 'test') await removeStaleTestClusters(dataDirectory(PROJECT_ROOT, 'test'))
  const database = await startEmbeddedPostgres({
    dataDir: dataDirectory(PROJECT_ROOT, mode === 'test' ? `test-${process.pid}` : 'development'),
    port: process.env.EMBEDDED_PG_PORT ? Number(process.env.EMBEDDED_PG_PORT) : undefined,
    persistent: mode !== 'test',
    log: mode === 'development' ? say : () => {},
  })
  process.env.DATABASE_URL = database.url
  process.env[EMBEDDED_MARKER] = '1'
  return { mode, embedded: true, stop: () => database.stop() }
}
