import { test } from '@japa/runner'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startIsolatedStack } from '#tests/support/child_server'

test.group('Graceful shutdown', () => {
  test('SIGTERM lets an in-flight request finish', async ({ assert }) => {
    const stack = await startIsolatedStack('shutdown')
    const { server } = stack
    const postgresPid = Number(
      readFileSync(join(stack.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]
    )
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
      await stack.stop()
    }
  }).timeout(60000)
})
