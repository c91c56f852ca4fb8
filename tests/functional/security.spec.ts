import { test } from '@japa/runner'
import { resetDatabase, count } from '#tests/support/database'
import { registerReader, signedInPages, route } from '#tests/support/accounts'
import { waitUntil } from '#tests/support/wait'
import { startChildServer } from '#tests/support/child_server'
import { BASE_URL } from '#tests/bootstrap'

test.group('Security: CORS, headers, bodies, logs', (group) => {
  group.each.setup(() => resetDatabase())

  test('CORS echoes only configured origins, on /api only, never with credentials', async ({
    assert,
  }) => {
    const preflight = (origin: string, path = route('api.threads.index')) =>
      fetch(`${BASE_URL}${path}`, {
        method: 'OPTIONS',
        headers: {
          'origin': origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      })
    // Outside production the one allowed origin is the app's own address
    assert.equal(BASE_URL, process.env.APP_URL)
    const allowed = await preflight(BASE_URL)
    assert.equal(allowed.headers.get('access-control-allow-origin'), BASE_URL)
    assert.isNull(allowed.headers.get('access-control-allow-credentials'))
    const foreign = await preflight('https://evil.example')
    assert.isNull(foreign.headers.get('access-control-allow-origin'))
    const page = await preflight(BASE_URL, route('session.create'))
    assert.isNull(page.headers.get('access-control-allow-origin'))
  })

  test('pages carry a strict CSP and friends; signed-in pages and API answers are not cached', async ({
    client,
    assert,
  }) => {
    const { email, token } = await registerReader(client)
    const pages = await signedInPages(email)
    const roll = await pages.get(route('roll.show'))
    const csp = roll.headers.get('content-security-policy') ?? ''
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
    ])
      assert.include(csp, directive)
    assert.notInclude(csp, 'unsafe-inline')
    assert.equal(roll.headers.get('x-content-type-options'), 'nosniff')
    assert.equal(roll.headers.get('x-frame-options'), 'DENY')
    assert.equal(roll.headers.get('referrer-policy'), 'same-origin')
    assert.equal(roll.headers.get('cache-control'), 'no-store')
    assert.notMatch(roll.html, /<script(?![^>]*\bsrc=)[^>]*>/)
    assert.notMatch(roll.html, /\sstyle="/)
    const me = await client.get(route('api.me.show')).header('authorization', `Bearer ${token}`)
    assert.equal(me.header('cache-control'), 'no-store')
    assert.equal(me.header('x-content-type-options'), 'nosniff')
    // The API is Bearer-only: its answers set no cookie (no session, no CSRF secret).
    const created = await client
      .post(route('api.threads.store'))
      .header('authorization', `Bearer ${token}`)
      .json({
        title: 'Saga',
        format: 'Trade',
        issues_remaining: 3,
      })
    created.assertStatus(201)
    assert.isUndefined(me.header('set-cookie'))
    assert.isUndefined(created.header('set-cookie'))
  })

  test('oversized, deeply nested and malformed bodies are refused with a 4xx, never a 500', async ({
    assert,
  }) => {
    const post = (body: string) =>
      fetch(`${BASE_URL}${route('api.access_tokens.store')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
    assert.equal((await post(`{"email":"${'a'.repeat(400_000)}"}`)).status, 413)
    assert.equal((await post('['.repeat(100_000) + ']'.repeat(100_000))).status, 400)
    assert.equal((await post('{"email": ')).status, 400)
    const deep = await post('{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000))
    assert.isBelow(deep.status, 500)
    assert.equal(await count('users'), 0)
  })

  test('ids that are not database ids answer 404 on every route that takes one', async ({
    client,
    assert,
  }) => {
    const { token } = await registerReader(client)
    const router = (await import('@adonisjs/core/services/router')).default
    const routes = Object.values(router.toJSON())
      .flat()
      .filter((entry) => entry.pattern.includes(':id'))
    assert.isAtLeast(routes.length, 15)
    const problems: string[] = []
    for (const entry of routes) {
      for (const id of ['99999999999', '0', '-1', 'abc', '1e3']) {
        const path = entry.pattern
          .replace(':id', id)
          .replace(':to', 'front')
          .replace(':kind', 'threads')
        const method = entry.methods.find((m) => m !== 'HEAD')!
        const response = await fetch(`${BASE_URL}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}` },
        })
        if (response.status !== 404) problems.push(`${method} ${path}: ${response.status}`)
      }
    }
    assert.deepEqual(problems, [])
  })

  test('logs carry no token, password or cookie, even on errors', async ({ assert }) => {
    const server = await startChildServer({ LOG_LEVEL: 'info', ENABLE_DEBUG_ROUTES: 'true' })
    try {
      const email = 'logged@example.com'
      const password = 'a very secret passphrase 42'
      const register = await fetch(`${server.url}${route('api.registration.store')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email,
          password,
          nested: { api_key: 'k-123-secret', refresh_token: 'r-456-secret' },
        }),
      })
      const { token } = (await register.json()) as { token: string }
      await fetch(`${server.url}${route('api.me.show')}`, {
        headers: { authorization: `Bearer ${token}`, cookie: 'cp_session=cookie-value-789' },
      })
      await fetch(`${server.url}/debug/trigger-500`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      })
      await fetch(`${server.url}${route('api.access_tokens.store')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'wrong secret passphrase' }),
      })
      // A request's log line follows its answer: the last one's comes after all the others
      const lastLine = `"path":"${route('api.access_tokens.store')}"`
      await waitUntil(() => server.output().includes(lastLine), {
        message: `the log line with ${lastLine}`,
      })
      const logs = server.output()
      assert.include(logs, `"path":"${route('api.me.show')}"`)
      for (const secret of [
        password,
        'wrong secret passphrase',
        token,
        token.split('.')[2],
        'cookie-value-789',
        'k-123-secret',
        'r-456-secret',
      ]) {
        assert.notInclude(logs, secret)
      }
    } finally {
      await server.stop()
    }
  }).timeout(40000)
})
