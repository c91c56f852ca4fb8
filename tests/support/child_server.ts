import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import { freePort } from '#database/free_port'
import { startCommand } from '../../bin/start_flags.ts'
import { route } from '#tests/support/accounts'
import { waitUntil } from '#tests/support/wait'

/**
 * The app started as its own process, against the test database: with the Node flags
 * (its bounded heap) and environment of `npm start`, in production mode.
 */
export async function startChildServer(env: Record<string, string>) {
  const port = await freePort()
  const start = startCommand(app.makePath())
  const child: ChildProcess = spawn(
    process.execPath,
    [...start.nodeFlags, '--import=@poppinss/ts-exec', 'bin/server.ts'],
    {
      cwd: app.makePath(),
      env: {
        ...start.env,
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: process.env.DATABASE_URL,
        APP_KEY: randomBytes(32).toString('hex'),
        JWT_SECRET: process.env.JWT_SECRET,
        CORS_ORIGINS: 'https://reader.example',
        LOG_LEVEL: 'silent',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }
  )
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const url = `http://127.0.0.1:${port}`
  // Any answer will do (a 503 while the database is away too); an exit ends the wait
  const ready = await waitUntil(
    async () => {
      if (child.exitCode !== null) return 'exited'
      await fetch(`${url}${route('health')}`)
      return 'answering'
    },
    { timeout: 20000, interval: 150, message: () => `the child server to start: ${output}` }
  ).catch((error: Error) => {
    child.kill('SIGKILL')
    throw error
  })
  if (ready === 'exited') throw new Error(`child server did not start: ${output}`)
  return {
    url,
    pid: child.pid!,
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null,
    stop: () => stopChild(child),
    /** Kills the process at once (SIGKILL), as a crash would, and waits for it to go. */
    crash: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGKILL')
      }),
  }
}

function stopChild(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
    setTimeout(() => child.kill('SIGKILL'), 5000).unref()
  })
}

/**
 * A second PostgreSQL cluster of its own, migrated, with the app started on it as a
 * production process: for tests that stop or pause the database.
 */
export async function startIsolatedStack(name: string, env: Record<string, string> = {}) {
  const { startEmbeddedPostgres, dataDirectory } = await import('#database/embedded_postgres')
  const { spawnSync } = await import('node:child_process')
  const { rm } = await import('node:fs/promises')
  const dataDir = dataDirectory(app.makePath(), `${name}-${process.pid}`)
  const port = await freePort()
  let database = await startEmbeddedPostgres({ dataDir, port, persistent: true })
  const migrated = spawnSync(
    process.execPath,
    ['--import=@poppinss/ts-exec', 'bin/console.ts', 'migration:run', '--force'],
    {
      cwd: app.makePath(),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        LOG_LEVEL: 'silent',
      },
      encoding: 'utf8',
    }
  )
  if (migrated.status !== 0) throw new Error(`migrations failed: ${migrated.stderr}`)
  const server = await startChildServer({ DATABASE_URL: database.url, ...env })
  return {
    dataDir,
    server,
    databasePort: port,
    stopDatabase: () => database.stop(),
    async restartDatabase() {
      database = await startEmbeddedPostgres({ dataDir, port, persistent: true })
    },
    async stop() {
      await server.stop()
      await database.stop()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
