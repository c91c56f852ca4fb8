import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import { startEmbeddedPostgres, dataDirectory } from '#database/embedded_postgres'
import { freePort } from '#database/free_port'
import { startChildServer } from '#tests/support/child_server'

test.group('When PostgreSQL goes away', () => {
  test('answers 503 quickly, /health says unreachable, and recovers when it returns', async ({
    assert,
  }) => {
    const dataDir = join(dataDirectory(app.makePath(), `outage-${process.pid}`))
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
    assert.equal(migrated.status, 0, migrated.stderr)
    const server = await startChildServer({ DATABASE_URL: database.url })
    try {
      const register = await fetch(`${server.url}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'outage@example.com', password: 'a long passphrase' }),
      })
      const { token } = (await register.json()) as { token: string }
      await database.stop()

      const started = Date.now()
      const health = await fetch(`${server.url}/health`)
      assert.equal(health.status, 503)
      assert.deepEqual(await health.json(), { status: 'unavailable', database: 'unreachable' })
      const me = await fetch(`${server.url}/api/auth/me`, {
        headers: { authorization: `Bearer ${token}` },
      })
      assert.equal(me.status, 503)
      const body = await me.text()
      assert.notMatch(body, /ECONNREFUSED|stack|select|postgres/i)
      const page = await fetch(`${server.url}/login`)
      assert.equal(page.status, 200)
      assert.isBelow(Date.now() - started, 12000)

      database = await startEmbeddedPostgres({ dataDir, port, persistent: true })
      let recovered = 0
      for (let i = 0; i < 40 && recovered !== 200; i++) {
        recovered = (await fetch(`${server.url}/health`)).status
        if (recovered !== 200) await new Promise((resolve) => setTimeout(resolve, 250))
      }
      assert.equal(recovered, 200)
      const again = await fetch(`${server.url}/api/auth/me`, {
        headers: { authorization: `Bearer ${token}` },
      })
      assert.equal(again.status, 200)
    } finally {
      await server.stop()
      await database.stop()
      const { rm } = await import('node:fs/promises')
      await rm(dataDir, { recursive: true, force: true })
    }
  }).timeout(90000)
})
