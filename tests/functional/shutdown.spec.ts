import { test } from '@japa/runner'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import app from '@adonisjs/core/services/app'
import { startEmbeddedPostgres, dataDirectory } from '#database/embedded_postgres'
import { startChildServer } from '#tests/support/child_server'

test.group('Graceful shutdown', () => {
  test('SIGTERM lets an in-flight request finish', async ({ assert }) => {
    const dataDir = dataDirectory(app.makePath(), `shutdown-${process.pid}`)
    const database = await startEmbeddedPostgres({ dataDir, persistent: true })
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
      }
    )
    assert.equal(migrated.status, 0)
    const server = await startChildServer({ DATABASE_URL: database.url })
    const postgresPid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
    try {
      const register = await fetch(`${server.url}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'late@example.com', password: 'a long passphrase' }),
      })
      const { token } = (await register.json()) as { token: string }

      process.kill(postgresPid, 'SIGSTOP')
      const inFlight = fetch(`${server.url}/api/auth/me`, {
        headers: { authorization: `Bearer ${token}` },
      })
      await new Promise((resolve) => setTimeout(resolve, 300))
      const exited = server.stop()
      await new Promise((resolve) => setTimeout(resolve, 300))
      process.kill(postgresPid, 'SIGCONT')

      const response = await inFlight
      assert.equal(response.status, 200)
      assert.equal(((await response.json()) as { email: string }).email, 'late@example.com')
      await exited
    } finally {
      try {
        process.kill(postgresPid, 'SIGCONT')
      } catch {}
      await server.stop()
      await database.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }).timeout(60000)
})
