import { test } from '@japa/runner'
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import pg from 'pg'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase, count } from '#tests/support/database'
import { PASSWORD, registerReader, route } from '#tests/support/accounts'
import { waitUntil } from '#tests/support/wait'
import { startChildServer } from '#tests/support/child_server'
import { localSmtp, pauseOwnMailWorker } from '#tests/support/mail'
import { freePort } from '#database/free_port'
import { READER_SHARE, turnsHeld } from '#services/reader_share'
import { BASE_URL } from '#tests/bootstrap'

/** Peak resident memory of a process so far, in MB (Linux's high-water mark). */
function peakMegabytes(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024
}

/**
 * Polls the health route every 100 ms until stopped: the answers' times (a failure counts as
 * the time it took) and how many were not a 200.
 */
function watchHealth(base: string) {
  const times: number[] = []
  let failures = 0
  let running = true
  const loop = (async () => {
    while (running) {
      const started = performance.now()
      const ok = await fetch(`${base}${route('health')}`, { signal: AbortSignal.timeout(5000) })
        .then((r) => r.status === 200)
        .catch(() => false)
      times.push(performance.now() - started)
      if (!ok) failures++
      // The pace of the samples: this measures answers over time, it waits for nothing
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })()
  return async () => {
    running = false
    await loop
    const sorted = [...times].sort((a, b) => a - b)
    return { p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0, polls: times.length, failures }
  }
}

test.group('The service holds: imports in bounded memory', (group) => {
  group.each.setup(() => resetDatabase())

  test('a 700,000-row CSV, plain or gzipped, is a 422 and the server stays small and answering', async ({
    client,
    assert,
  }) => {
    const reader = await registerReader(client)
    const server = await startChildServer({})
    const stop = watchHealth(server.url)
    try {
      const csv = 'title,format,issues_remaining\n' + 't,f,1\n'.repeat(700_000)
      assert.isAbove(csv.length, 4_000_000)
      for (const body of [csv, gzipSync(csv)]) {
        const answer = await fetch(`${server.url}${route('api.import.threads')}`, {
          method: 'POST',
          headers: {
            'authorization': `Bearer ${reader.token}`,
            'content-type': 'text/csv',
            ...(typeof body === 'string' ? {} : { 'content-encoding': 'gzip' }),
          },
          body,
        })
        assert.equal(answer.status, 422)
        const { errors } = (await answer.json()) as { errors: Array<{ message: string }> }
        assert.match(errors[0].message, /more than 100,000 rows/)
      }
      // A header of many columns, and a JSON file of a million empty objects
      const wide = Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',') + '\n'
      const wideAnswer = await fetch(`${server.url}${route('api.import.threads')}`, {
        method: 'POST',
        headers: { 'authorization': `Bearer ${reader.token}`, 'content-type': 'text/csv' },
        body: wide + ','.repeat(4999).concat('\n').repeat(200),
      })
      assert.equal(wideAnswer.status, 422)
      const bomb = JSON.stringify({
        format: 'comic-pile-export',
        threads: Array(1_000_000).fill({}),
        sessions: [],
        events: [],
      })
      const bombAnswer = await fetch(`${server.url}${route('api.import.json')}`, {
        method: 'POST',
        headers: { 'authorization': `Bearer ${reader.token}`, 'content-type': 'application/json' },
        body: gzipSync(bomb),
      }).then(async (r) => ({ status: r.status, body: await r.text() }))
      assert.equal(bombAnswer.status, 422)

      assert.isTrue(server.running())
      assert.isBelow(peakMegabytes(server.pid), 320)
      assert.equal(await count('threads'), 0)
    } finally {
      const health = await stop()
      await server.stop()
      assert.equal(health.failures, 0)
      assert.isBelow(health.p95, 1000)
    }
  }).timeout(120000)
})

test.group('The service holds: hostile reading lists', (group) => {
  group.each.setup(() => resetDatabase())

  test('a billion laughs, an external entity, 10,001 books, 5 MB of one attribute, NUL bytes: each a 422 in bounded time and memory', async ({
    client,
    assert,
  }) => {
    const reader = await registerReader(client)
    const server = await startChildServer({})
    const stop = watchHealth(server.url)
    const laughs = Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`
    ).join('')
    const files: Array<[string, string | Buffer]> = [
      [
        'a billion laughs',
        `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">${laughs}]><ReadingList><Name>&l9;</Name></ReadingList>`,
      ],
      [
        'an external entity',
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><ReadingList><Name>&x;</Name></ReadingList>',
      ],
      [
        '10,001 books',
        `<ReadingList><Name>Many</Name><Books>${'<Book Series="S" Number="1"/>'.repeat(10_001)}</Books></ReadingList>`,
      ],
      [
        '5 MB of one attribute',
        `<ReadingList><Name>Wide</Name><Books><Book Series="${'s'.repeat(5 * 1024 * 1024 - 200)}" Number="1"/></Books></ReadingList>`,
      ],
      ['NUL bytes', Buffer.from('<ReadingList><Name>a\u0000b</Name></ReadingList>')],
    ]
    try {
      for (const [what, body] of files) {
        const started = performance.now()
        const answer = await fetch(`${server.url}${route('api.orders.import')}`, {
          method: 'POST',
          headers: { 'authorization': `Bearer ${reader.token}`, 'content-type': 'application/xml' },
          body: typeof body === 'string' ? body : new Uint8Array(body),
        })
        await answer.arrayBuffer()
        assert.equal(answer.status, 422, what)
        assert.isBelow(performance.now() - started, 5000, what)
      }
      assert.isTrue(server.running())
      assert.isBelow(peakMegabytes(server.pid), 320)
      assert.equal(await count('reading_orders'), 0)
      assert.equal(await count('threads'), 0)
    } finally {
      const health = await stop()
      await server.stop()
      assert.equal(health.failures, 0)
      assert.isBelow(health.p95, 1000)
    }
  }).timeout(120000)
})

/** Gives `userId` a pile of `size` threads at once (titles "Thread 000001 Saga", …). */
async function seedPile(userId: number, size: number) {
  await db.rawQuery(
    `INSERT INTO threads (user_id, title, format, issues_remaining, sort_key, created_at, updated_at)
     SELECT ?, 'Thread ' || lpad(n::text, 6, '0') || ' ' ||
              (ARRAY['Amazing Spider-Man', 'Saga', 'Hellboy', 'The Sandman', 'Paper Girls'])[1 + n % 5],
            'Issue', 5, n * 1024, now(), now()
       FROM generate_series(1, ?) AS n`,
    [userId, size]
  )
}

/** p95 of the times `call` takes, called in a loop until `stop` resolves. */
async function timesUntil(stop: Promise<unknown>, call: () => Promise<boolean>) {
  const times: number[] = []
  let failures = 0
  let done = false
  void stop.then(() => (done = true))
  while (!done) {
    const started = performance.now()
    if (!(await call().catch(() => false))) failures++
    times.push(performance.now() - started)
  }
  const sorted = [...times].sort((a, b) => a - b)
  return { p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0, calls: times.length, failures }
}

test.group('The service holds: one reader cannot starve the others', (group) => {
  group.each.setup(() => resetDatabase())

  test('twenty slow searches of a 100,000-thread pile leave another reader and /health answering within 1 s', async ({
    client,
    assert,
  }) => {
    const heavy = await registerReader(client)
    const other = await registerReader(client)
    await seedPile(heavy.user.id, 100_000)
    await seedPile(other.user.id, 200)
    const server = await startChildServer({})
    try {
      const search = (q: string) =>
        fetch(`${server.url}${route('api.threads.index', {}, { q, per_page: 500 })}`, {
          headers: { authorization: `Bearer ${heavy.token}` },
        })
      const storm = Promise.all(
        Array.from({ length: 20 }, (_, i) => search(['e', 'th', 'a 0', 'saga 1'][i % 4]))
      )
      const [answers, otherReader, health] = await Promise.all([
        storm,
        timesUntil(storm, async () => {
          const r = await fetch(`${server.url}${route('api.session.show')}`, {
            headers: { authorization: `Bearer ${other.token}` },
          })
          await r.arrayBuffer()
          return r.status === 200
        }),
        timesUntil(
          storm,
          async () => (await fetch(`${server.url}${route('health')}`)).status === 200
        ),
      ])
      // The searches answer (or are told to wait), never a 5xx
      const statuses = answers.map((answer) => answer.status)
      assert.isTrue(
        statuses.every((status) => status === 200 || status === 429),
        `${statuses}`
      )
      assert.include(statuses, 200)
      const one = (await answers[statuses.indexOf(200)].json()) as {
        meta: { total: number; total_capped: boolean }
      }
      assert.equal(one.meta.total, 10_000)
      assert.isTrue(one.meta.total_capped)
      // The other reader and /health never waited on them
      assert.deepEqual(
        [otherReader.failures, health.failures],
        [0, 0],
        JSON.stringify({ otherReader, health })
      )
      assert.isBelow(otherReader.p95, 1000)
      assert.isBelow(health.p95, 1000)
    } finally {
      await server.stop()
    }
  }).timeout(120000)

  test('with a pool of two, a full pool is "busy", never "unreachable"', async ({
    client,
    assert,
  }) => {
    const heavy = await registerReader(client)
    await seedPile(heavy.user.id, 100_000)
    const server = await startChildServer({ DATABASE_POOL_MAX: '2' })
    try {
      const searches = Promise.all(
        Array.from({ length: 6 }, () =>
          fetch(`${server.url}${route('api.threads.index', {}, { q: 'e', per_page: 500 })}`, {
            headers: { authorization: `Bearer ${heavy.token}` },
          }).then((r) => r.status)
        )
      )
      const seen = new Set<string>()
      await timesUntil(searches, async () => {
        const answer = await fetch(`${server.url}${route('health')}`)
        seen.add(((await answer.json()) as { database: string }).database)
        return true
      })
      await searches
      assert.notInclude([...seen], 'unreachable')
      assert.include(['ok', 'busy'], [...seen][0])
    } finally {
      await server.stop()
    }
  }).timeout(120000)
})

test.group('The service holds: waits are 429 or 503, never 500', (group) => {
  group.each.setup(() => resetDatabase())

  test('a reader’s row locked elsewhere: actions and sign-in answer 429 with Retry-After, reads go on', async ({
    client,
    assert,
  }) => {
    const reader = await registerReader(client)
    await seedPile(reader.user.id, 10)
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await holder.connect()
    try {
      await holder.query('BEGIN')
      await holder.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [reader.user.id])
      const bearer = { authorization: `Bearer ${reader.token}` }
      const [roll, signIn, read] = await Promise.all([
        client.post(route('api.roll.store')).headers(bearer),
        client
          .post(route('api.access_tokens.store'))
          .json({ email: reader.email, password: PASSWORD }),
        client.get(route('api.queue.index')).headers(bearer),
      ])
      roll.assertStatus(429)
      assert.isAbove(Number(roll.header('retry-after')), 0)
      signIn.assertStatus(429)
      read.assertStatus(200)
      assert.equal(await count('events', { user_id: reader.user.id }), 0)
    } finally {
      await holder.query('ROLLBACK')
      await holder.end()
    }
  }).timeout(30000)

  test('a request whose client leaves while it waits for the reader’s turn gives the turn back', async ({
    client,
    assert,
  }) => {
    const reader = await registerReader(client)
    await seedPile(reader.user.id, 10)
    const bearer = { authorization: `Bearer ${reader.token}` }
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await holder.connect()
    try {
      // The reader's turns are all taken by actions waiting on their row, locked elsewhere
      await holder.query('BEGIN')
      await holder.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [reader.user.id])
      const actions = Array.from({ length: READER_SHARE }, () =>
        fetch(`${BASE_URL}${route('api.roll.skip')}`, { method: 'POST', headers: bearer })
      )
      await waitUntil(() => turnsHeld(reader.user.id) === READER_SHARE)
      // One more waits for a turn, and its client goes away meanwhile
      const leaving = new AbortController()
      const left = fetch(`${BASE_URL}${route('api.session.show')}`, {
        headers: bearer,
        signal: leaving.signal,
      }).catch(() => 'left')
      await new Promise((resolve) => setTimeout(resolve, 200))
      leaving.abort()
      assert.equal(await left, 'left')
      await holder.query('ROLLBACK')
      await Promise.all(actions)

      // Then no turn is left held, and the reader's next request answers at once
      await waitUntil(() => turnsHeld(reader.user.id) === 0)
      const started = performance.now()
      const next = await client.get(route('api.session.show')).headers(bearer)
      next.assertStatus(200)
      assert.isBelow(performance.now() - started, 1000)
    } finally {
      await holder.query('ROLLBACK').catch(() => {})
      await holder.end()
    }
  }).timeout(30000)

  test('a search that outlasts its time is a 503 with Retry-After', async ({ client, assert }) => {
    const reader = await registerReader(client)
    await seedPile(reader.user.id, 10)
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await holder.connect()
    try {
      // Nothing can read the threads while this lock is held: the search runs out of time
      await holder.query('BEGIN')
      await holder.query('LOCK TABLE threads IN ACCESS EXCLUSIVE MODE')
      const searched = await client
        .get(route('api.threads.index', {}, { q: 'saga' }))
        .header('authorization', `Bearer ${reader.token}`)
      searched.assertStatus(503)
      assert.isAbove(Number(searched.header('retry-after')), 0)
      assert.notMatch(JSON.stringify(searched.body()), /SELECT|threads|statement/i)
    } finally {
      await holder.query('ROLLBACK')
      await holder.end()
    }
  }).timeout(30000)
})

test.group('The service holds: claims and mails survive a crash', (group) => {
  group.each.setup(() => resetDatabase())

  test('a kill -9 in the middle of an import: after a restart that reader imports at once', async ({
    client,
    assert,
  }) => {
    const reader = await registerReader(client)
    const csv =
      'title,format,issues_remaining\n' +
      Array.from({ length: 99_999 }, (_, i) => `Thread ${i},Issue,3`).join('\n')
    const first = await startChildServer({})
    const upload = (base: string, body: string) =>
      fetch(`${base}${route('api.import.threads')}`, {
        method: 'POST',
        headers: { 'authorization': `Bearer ${reader.token}`, 'content-type': 'text/csv' },
        body,
      })
    const interrupted = upload(first.url, csv).catch(() => null)
    // The import holds its claim while it reads and writes (several seconds for 100,000 rows)
    await waitUntil(
      async () => {
        const { rows } = await db.rawQuery(
          `SELECT count(*) AS held FROM pg_locks WHERE locktype = 'advisory' AND granted`
        )
        return Number(rows[0].held) > 0
      },
      { timeout: 10000, message: 'the import to hold its claim' }
    )
    await first.crash()
    await interrupted
    const second = await startChildServer({})
    try {
      const again = await upload(second.url, 'title,format,issues_remaining\nSaga,Trade,9\n')
      assert.equal(again.status, 200)
      assert.equal(await count('threads', { user_id: reader.user.id, title: 'Saga' }), 1)
    } finally {
      await second.stop()
    }
  }).timeout(120000)

  test('a kill -9 with a reset mail queued: the mail goes out after the restart', async ({
    client,
    assert,
  }) => {
    const reader = await registerReader(client)
    const smtpPort = await freePort()
    const mailEnv = {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_SECURE: 'false',
      APP_URL: 'https://pile.reader.example',
      // A restart keeps its secrets (the queued mail is sealed with APP_KEY)
      APP_KEY: 'the same app key before and after the crash, 32+',
    }
    // A server that only queues (its worker runs elsewhere) takes the ask, and dies
    const first = await startChildServer({ ...mailEnv, MAIL_WORKER: 'separate' })
    const asked = await fetch(`${first.url}${route('api.password_reset.store')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: reader.email }),
    })
    assert.equal(asked.status, 202)
    await first.crash()

    // After the restart, with the mail server up, the mail goes out
    const smtp = await localSmtp(smtpPort)
    const second = await startChildServer(mailEnv)
    try {
      const [message] = await smtp.mailsTo(reader.email)
      assert.exists(message, 'the queued mail was not delivered after the restart')
      const token = /https:\/\/pile\.reader\.example\/password\/reset\/([\w-]+)/.exec(
        message.data
      )![1]
      const reset = await fetch(`${second.url}${route('api.password_reset.confirm')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, password: 'a password from the queue' }),
      })
      assert.equal(reset.status, 200)
      // The stored job never held the link in the clear
      const { rows } = await db.rawQuery(`SELECT data::text AS data FROM pgboss.job`)
      for (const row of rows) assert.notInclude(row.data, token)
    } finally {
      await second.stop()
      await smtp.close()
    }
  })
    .timeout(120000)
    .setup(pauseOwnMailWorker)
})
