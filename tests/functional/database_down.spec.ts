import { test } from '@japa/runner'
import { startIsolatedStack } from '#tests/support/child_server'
import { route } from '#tests/support/accounts'
import { waitUntil } from '#tests/support/wait'

test.group('When PostgreSQL goes away', () => {
  test('answers 503 quickly, /health says unreachable, and recovers when it returns', async ({
    assert,
  }) => {
    const stack = await startIsolatedStack('outage', { LOG_LEVEL: 'info' })
    const { server } = stack
    try {
      const register = await fetch(`${server.url}${route('api.registration.store')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'outage@example.com', password: 'a long passphrase' }),
      })
      const { token } = (await register.json()) as { token: string }
      await stack.stopDatabase()

      const started = Date.now()
      const health = await fetch(`${server.url}${route('health')}`)
      assert.equal(health.status, 503)
      assert.deepEqual(await health.json(), { status: 'unavailable', database: 'unreachable' })
      const me = await fetch(`${server.url}${route('api.me.show')}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      assert.equal(me.status, 503)
      assert.notMatch(await me.text(), /ECONNREFUSED|stack|select|postgres/i)
      assert.equal((await fetch(`${server.url}${route('session.create')}`)).status, 200)
      assert.isBelow(Date.now() - started, 12000)

      // Thirty requests more of several kinds: each a 503 with Retry-After, and the log
      // says the database is away a few times, not thirty, with no statement and no stack
      const bearer = { authorization: `Bearer ${token}` }
      const before = server.output().split('\n').length
      const paths = [route('api.me.show'), route('api.undo.store'), route('api.session.show')]
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          fetch(`${server.url}${paths[i % 3]}`, {
            method: i % 3 === 1 ? 'POST' : 'GET',
            headers: bearer,
          })
        )
      )
      for (const answer of answers) {
        assert.equal(answer.status, 503)
        assert.isAbove(Number(answer.headers.get('retry-after')), 0)
      }
      const logged = server.output().split('\n').slice(before).filter(Boolean)
      const failures = logged.filter((line) => !line.includes('"msg":"request"'))
      assert.isAtMost(failures.length, 6, failures.join('\n'))
      assert.notMatch(failures.join('\n'), /\b(SELECT|INSERT|UPDATE|DELETE) |\n\s+at /)

      await stack.restartDatabase()
      let recovered = 0
      await waitUntil(
        async () => (recovered = (await fetch(`${server.url}${route('health')}`)).status) === 200,
        { timeout: 10000, interval: 250, message: () => `health to answer 200 (${recovered})` }
      )
      const again = await fetch(`${server.url}${route('api.me.show')}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      assert.equal(again.status, 200)
    } finally {
      await stack.stop()
    }
  }).timeout(90000)
})
