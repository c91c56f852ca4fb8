import { test } from '@japa/runner'
import { gzipSync } from 'node:zlib'
import { readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase, count } from '#tests/support/database'
import { PASSWORD, registerReader, route, signedInPages } from '#tests/support/accounts'
import { startChildServer } from '#tests/support/child_server'
import { BASE_URL } from '#tests/bootstrap'

const MB = 1024 * 1024
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Files named as the body parser names its temporary uploads. */
async function uploadTempFiles() {
  return (await readdir(tmpdir())).filter((name) => UUID.test(name))
}

function post(url: string, body: BodyInit, headers: Record<string, string>) {
  return fetch(url, { method: 'POST', headers, body })
}

test.group('Hostile input: bodies before sign-in and at the imports', (group) => {
  group.each.setup(() => resetDatabase())

  test('forty compressed bodies that inflate to 5 MB, signed out and at an import, leave the production server answering', async ({
    assert,
  }) => {
    const server = await startChildServer({})
    try {
      // Given bodies of a few KB that inflate to megabytes
      const text = gzipSync('a'.repeat(5 * MB))
      const json = gzipSync(`{"email":"${'a'.repeat(5 * MB)}","password":"x"}`)
      const csv = gzipSync('title,format,issues_remaining\n' + 'Saga,Trade,1\n'.repeat(500_000))
      const registered = await post(
        `${server.url}${route('api.registration.store')}`,
        JSON.stringify({ email: 'importer@example.com', password: PASSWORD }),
        { 'content-type': 'application/json' }
      )
      const { token } = (await registered.json()) as { token: string }
      const forty = (send: () => Promise<Response>) =>
        Promise.all(Array.from({ length: 40 }, () => send().then((r) => r.status)))

      // When forty of each arrive at once
      const statuses = await Promise.all([
        forty(() =>
          post(`${server.url}${route('api.access_tokens.store')}`, text, {
            'content-type': 'text/plain',
            'content-encoding': 'gzip',
          })
        ),
        forty(() =>
          post(`${server.url}${route('api.access_tokens.store')}`, json, {
            'content-type': 'application/json',
            'content-encoding': 'gzip',
          })
        ),
        forty(() =>
          post(`${server.url}${route('api.import.threads')}`, csv, {
            'content-type': 'text/csv',
            'content-encoding': 'gzip',
            'authorization': `Bearer ${token}`,
          })
        ),
      ])

      // Then each is refused with a 4xx, and the server is still there
      const [plain, large, imports] = statuses
      assert.deepEqual([...new Set(plain)], [415])
      assert.deepEqual(
        [...new Set(large)].filter((s) => s !== 413 && s !== 429),
        []
      )
      assert.deepEqual(
        [...new Set(imports)].filter((s) => s !== 413 && s !== 429),
        []
      )
      assert.isTrue(server.running(), server.output())
      assert.equal((await fetch(`${server.url}${route('health')}`)).status, 200)
      assert.equal(await count('threads'), 0)
    } finally {
      await server.stop()
    }
  }).timeout(90000)

  test('uploads leave no temporary file, refused or accepted', async ({ client, assert }) => {
    // Given the temporary files there are now, and a reader
    const before = new Set(await uploadTempFiles())
    const { token, email } = await registerReader(client)
    const form = (
      parts = 1,
      name = 'pile.csv',
      text = 'title,format,issues_remaining\nA,B,1\n'
    ) => {
      const body = new FormData()
      for (let i = 0; i < parts; i++) body.append('file', new Blob([text]), name)
      return body
    }
    const bearer = { authorization: `Bearer ${token}` }

    // When files are posted signed out, to routes that take none, too large, not a CSV,
    // in 500 parts, and right
    const statuses = [
      (await post(`${BASE_URL}${route('api.threads.store')}`, form(), {})).status,
      (await post(`${BASE_URL}${route('api.access_tokens.store')}`, form(), {})).status,
      (await post(`${BASE_URL}${route('api.threads.store')}`, form(), bearer)).status,
      (
        await post(
          `${BASE_URL}${route('api.import.threads')}`,
          form(1, 'big.csv', 'x'.repeat(6 * MB)),
          bearer
        )
      ).status,
      (await post(`${BASE_URL}${route('api.import.threads')}`, form(1, 'pile.exe'), bearer)).status,
      (await post(`${BASE_URL}${route('api.import.threads')}`, form(500, 'p.csv', 'x'), bearer))
        .status,
      (await post(`${BASE_URL}${route('api.import.threads')}`, form(), bearer)).status,
    ]
    const pages = await signedInPages(email)
    await pages.get(route('account.show'))
    const page = await pages.postFile(route('account.import', { kind: 'threads' }), {
      name: 'pile.csv',
      text: 'title,format,issues_remaining\nPaged,Trade,2\n',
    })

    // Then each got its answer and no temporary file is left
    assert.deepEqual(statuses, [401, 415, 415, 413, 422, 413, 200])
    assert.equal(page.status, 302)
    assert.equal(await count('threads'), 2)
    const after = (await uploadTempFiles()).filter((name) => !before.has(name))
    assert.deepEqual(after, [])
  }).timeout(30000)

  test('a body the route does not take is a 415 naming what it takes', async ({
    client,
    assert,
  }) => {
    // When a form-only route gets CSV, and an import gets a form
    const login = await post(`${BASE_URL}${route('api.access_tokens.store')}`, 'email,password\n', {
      'content-type': 'text/csv',
    })
    const { token } = await registerReader(client)
    const importForm = await post(`${BASE_URL}${route('api.import.threads')}`, 'title=Saga', {
      'content-type': 'application/x-www-form-urlencoded',
      'authorization': `Bearer ${token}`,
    })

    // Then both are 415 with a sentence saying what to send
    assert.equal(login.status, 415)
    assert.match(((await login.json()) as any).errors[0].message, /JSON/)
    assert.equal(importForm.status, 415)
    assert.match(((await importForm.json()) as any).errors[0].message, /file/)
    assert.equal(await count('threads'), 0)
  })

  test('a body that is not what its encoding says is a 400', async ({ client, assert }) => {
    // Given a reader
    const { token } = await registerReader(client)
    const json = { 'content-type': 'application/json', 'authorization': `Bearer ${token}` }
    const thread = JSON.stringify({ title: 'Saga', format: 'Trade', issues_remaining: 1 })

    // When bodies claim gzip or Brotli and are not, or stop short
    const statuses = [
      (
        await post(`${BASE_URL}${route('api.threads.store')}`, 'not gzip', {
          ...json,
          'content-encoding': 'gzip',
        })
      ).status,
      (
        await post(`${BASE_URL}${route('api.threads.store')}`, thread, {
          ...json,
          'content-encoding': 'br',
        })
      ).status,
      (
        await post(`${BASE_URL}${route('api.threads.store')}`, gzipSync(thread).subarray(0, 15), {
          ...json,
          'content-encoding': 'gzip',
        })
      ).status,
      (
        await post(`${BASE_URL}${route('api.import.threads')}`, 'not gzip', {
          ...json,
          'content-type': 'text/csv',
          'content-encoding': 'gzip',
        })
      ).status,
    ]

    // Then each is a 400, and a body that is what it says is read
    assert.deepEqual(statuses, [400, 400, 400, 400])
    const gzipped = await post(`${BASE_URL}${route('api.threads.store')}`, gzipSync(thread), {
      ...json,
      'content-encoding': 'gzip',
    })
    assert.equal(gzipped.status, 201)
    assert.equal(await count('threads'), 1)
  })
})

test.group('Hostile input: text and numbers that cannot be stored', (group) => {
  group.each.setup(() => resetDatabase())

  test('a NUL character in a title, notes, an email or a file is a 422 on its field', async ({
    client,
    assert,
  }) => {
    // Given a reader with a thread
    const { token, email } = await registerReader(client)
    const bearer = { authorization: `Bearer ${token}` }
    const created = await client
      .post(route('api.threads.store'))
      .headers(bearer)
      .json({ title: 'Saga', format: 'Trade', issues_remaining: 3 })
    const before = await db.from('threads').orderBy('id')

    // When text with a NUL arrives in each way a reader's text can
    const title = await client
      .post(route('api.threads.store'))
      .headers(bearer)
      .json({ title: 'Sa\u0000ga', format: 'Trade', issues_remaining: 3 })
    const notes = await client
      .patch(route('api.threads.update', { id: created.body().id }))
      .headers(bearer)
      .json({ notes: 'one\u0000two' })
    const signIn = await client
      .post(route('api.access_tokens.store'))
      .json({ email: `a\u0000${email}`, password: 'x' })
    const csv = await post(
      `${BASE_URL}${route('api.import.threads')}`,
      'title,format,issues_remaining\nA\u0000,B,1\n',
      {
        ...bearer,
        'content-type': 'text/csv',
      }
    )
    const exported = JSON.stringify({
      format: 'comic-pile-export',
      threads: [{ id: 1, title: 'A\u0000', format: 'B', issues_remaining: 1, status: 'active' }],
      sessions: [],
      events: [],
    })
    const json = await post(`${BASE_URL}${route('api.import.json')}`, exported, {
      ...bearer,
      'content-type': 'application/json',
    })
    const pages = await signedInPages(email)
    await pages.get(route('threads.edit', { id: created.body().id }))
    const form = await pages.request(
      'POST',
      route('threads.update', { id: created.body().id }, { _method: 'PUT' }),
      new URLSearchParams({ _csrf: pages.csrfToken(), title: 'Page\u0000title' })
    )

    // Then each is a 422 on the field, and nothing changed
    title.assertStatus(422)
    assert.deepInclude(title.body().errors[0], { field: 'title', rule: 'nul' })
    notes.assertStatus(422)
    assert.deepInclude(notes.body().errors[0], { field: 'notes', rule: 'nul' })
    signIn.assertStatus(422)
    assert.deepInclude(signIn.body().errors[0], { field: 'email', rule: 'nul' })
    assert.equal(csv.status, 422)
    assert.deepInclude(((await csv.json()) as any).errors[0], { field: 'file' })
    assert.equal(json.status, 422)
    assert.match(((await json.json()) as any).errors[0].message, /threads\.0\.title/)
    assert.equal(form.status, 422)
    assert.include(form.html, 'NUL character')
    assert.deepEqual(await db.from('threads').orderBy('id'), before)
  })

  test('impossible dates and numbers in a JSON import are a 422 naming the field', async ({
    client,
    assert,
  }) => {
    // Given a reader, and exports with a date or number that cannot be stored
    const { token } = await registerReader(client)
    const session = (startedAt: string) => ({
      id: 1,
      started_at: startedAt,
      start_die: 6,
      current_die: 6,
    })
    const exportWith = (sessions: object[], events: object[] = []) =>
      JSON.stringify({ format: 'comic-pile-export', threads: [], sessions, events })
    const bad = [
      exportWith([session('garbage')]),
      exportWith([session('0000-01-01T00:00:00Z')]),
      exportWith([session('2026-02-30T20:00:00Z')]),
      exportWith(
        [session('2026-11-25T20:00:00Z')],
        [{ type: 'rate', created_at: '2026-11-25T20:00:00Z', issues_read: 1e12 }]
      ),
    ]

    // When each is imported
    const answers = []
    for (const body of bad) {
      const response = await post(`${BASE_URL}${route('api.import.json')}`, body, {
        'authorization': `Bearer ${token}`,
        'content-type': 'application/json',
      })
      answers.push({
        status: response.status,
        message: ((await response.json()) as any).errors[0].message,
      })
    }

    // Then each is a 422 that names the field, and nothing was imported
    assert.deepEqual(
      answers.map((a) => a.status),
      [422, 422, 422, 422]
    )
    assert.match(answers[0].message, /sessions\.0\.started_at/)
    assert.match(answers[1].message, /between 1900 and 9999/)
    assert.match(answers[3].message, /events\.0\.issues_read/)
    assert.equal(await count('reading_sessions'), 0)
    assert.equal(await count('events'), 0)
  })

  test('a wrong password for the longest email is counted like any other', async ({
    client,
    assert,
  }) => {
    // Given an email of 254 characters (the longest a field takes)
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`
    assert.lengthOf(email, 254)

    // When it fails to sign in six times
    const statuses = []
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (
          await client
            .post(route('api.access_tokens.store'))
            .json({ email, password: `wrong ${i}` })
        ).status()
      )
    }

    // Then five failures are counted and the sixth is throttled
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429])
    assert.isAbove(await count('rate_limits'), 0)
  })
})

test.group('Hostile input: proxies and X-Forwarded-For', (group) => {
  group.each.setup(() => resetDatabase())

  /** Eleven registrations, each as `forwardedFor(i)` says; the statuses. */
  async function register(url: string, forwardedFor: (i: number) => string) {
    const statuses = []
    for (let i = 0; i < 11; i++) {
      const response = await post(
        `${url}${route('api.registration.store')}`,
        JSON.stringify({ email: `proxied${i}-${Date.now()}@example.com`, password: PASSWORD }),
        { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor(i) }
      )
      statuses.push(response.status)
    }
    return statuses
  }

  test('with no trusted proxy, a client cannot pick its address; odd headers never fail a request', async ({
    assert,
  }) => {
    const server = await startChildServer({})
    try {
      // When one client registers eleven times, claiming another address each time
      const statuses = await register(server.url, (i) => `198.51.100.${i}`)
      // Then its own address is counted: the eleventh is throttled
      assert.deepEqual(statuses, [...Array(10).fill(201), 429])

      await resetDatabase()
      // When the header is long or garbled
      const odd = [`${'9'.repeat(300)}`, 'unknown, , ::::', '1.2.3.4'.repeat(60), 'a'.repeat(8000)]
      const answers = []
      for (const header of odd) {
        const response = await post(
          `${server.url}${route('api.access_tokens.store')}`,
          JSON.stringify({ email: 'nobody@example.com', password: 'wrong password' }),
          { 'content-type': 'application/json', 'x-forwarded-for': header }
        )
        answers.push(response.status)
      }
      // Then it is only a wrong password
      assert.deepEqual(answers, [401, 401, 401, 401])
    } finally {
      await server.stop()
    }
  }).timeout(60000)

  test('TRUSTED_PROXIES=1: the address the proxy appended is the client, whatever came before it', async ({
    assert,
  }) => {
    const server = await startChildServer({ TRUSTED_PROXIES: '1' })
    try {
      // When a client behind the proxy forges a different first entry each time
      const forged = await register(server.url, (i) => `198.51.100.${i}, 203.0.113.7`)
      // Then the proxy's entry is counted: the eleventh is throttled
      assert.deepEqual(forged, [...Array(10).fill(201), 429])

      // When another client comes through the same proxy, or the entry is not an address
      const other = await register(server.url, () => '203.0.113.8')
      const garbled = await post(
        `${server.url}${route('api.access_tokens.store')}`,
        JSON.stringify({ email: 'nobody@example.com', password: 'wrong password' }),
        { 'content-type': 'application/json', 'x-forwarded-for': 'x'.repeat(300) }
      )
      // Then it has its own count, and a garbled entry is only a wrong password
      assert.deepEqual(other.slice(0, 10), Array(10).fill(201))
      assert.equal(garbled.status, 401)
    } finally {
      await server.stop()
    }
  }).timeout(60000)
})
