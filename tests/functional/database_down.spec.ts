import { test } from '@japa/runner'
import { startIsolatedStack } from '#tests/support/child_server'

test.group('When PostgreSQL goes away', () => {
  test('answers 503 quickly, /health says unreachable, and recovers when it returns', async ({
    assert,
  }) => {
    const stack = await startIsolatedStack('outage')
    const { server } = stack
    try {
      const register = await fetch(`${server.url}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'outage@example.com', password: 'a long passphrase' }),
      })
      const { token } = (await register.json()) as { token: string }
      await stack.stopDatabase()

      const started = Date.now()
      const health = await fetch(`${server.url}/health`)
      assert.equal(health.status, 503)
      assert.deepEqual(await health.json(), { status: 'unavailable', database: 'unreachable' })
      const me = await fetch(`${server.url}/api/auth/me`, {
        headers: { authorization: `Bearer ${token}` },
      })
      assert.equal(me.status, 503)
      assert.notMatch(await me.text(), /ECONNREFUSED|stack|select|postgres/i)
      assert.equal((await fetch(`${server.url}/login`)).status, 200)
      assert.isBelow(Date.now() - started, 12000)

      await stack.restartDatabase()
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
      await stack.stop()
    }
  }).timeout(90000)
})
