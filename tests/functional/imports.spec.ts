import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import { resetDatabase, count } from '#tests/support/database'
import { apiReader, route, signedInPages } from '#tests/support/accounts'

type Reader = Awaited<ReturnType<typeof apiReader>>

/** A threads CSV of `rows` numbered rows. */
function threadsCsv(rows: number, issues = 2) {
  const lines = Array.from({ length: rows }, (_, i) => `Thread ${i + 1},Issue,${issues}`)
  return `title,format,issues_remaining\n${lines.join('\n')}\n`
}

/** The reader's threads as rows: queue order, then completed, with what an export keeps. */
async function pileOf(userId: number) {
  return db
    .from('threads')
    .where('user_id', userId)
    .orderByRaw('sort_key ASC NULLS LAST, id')
    .select('title', 'format', 'issues_remaining', 'status', 'notes', 'review_url', 'last_rating')
}

/** Everything a JSON export holds of a reader, without ids. */
async function everythingOf(someone: Reader) {
  const exported = (await someone.call('get', route('api.export.json'))).body()
  const strip = ({ id, ...rest }: Record<string, unknown>) => rest
  return {
    threads: exported.threads.map(
      ({ id, created_at: c, updated_at: u, ...rest }: Record<string, unknown>) => rest
    ),
    sessions: exported.sessions.map(({ pending_thread_id: p, ...rest }: Record<string, unknown>) =>
      strip(rest)
    ),
    // Undo records itself as an event; the rest must be as it was.
    events: exported.events
      .filter((event: { type: string }) => event.type !== 'undo')
      .map(({ session_id: s, thread_id: t, ...rest }: Record<string, unknown>) => strip(rest)),
  }
}

async function reader(client: ApiClient) {
  return apiReader(client)
}

test.group('Imports of any size the limits allow', (group) => {
  group.each.setup(() => resetDatabase())

  test('threads CSVs around a statement’s chunk of rows, and past the parameter limit', async ({
    client,
    assert,
  }) => {
    // Given a reader, and CSVs of 1,999, 2,000, 2,001 and 10,000 rows
    const r = await reader(client)
    let total = 0
    for (const rows of [1999, 2000, 2001, 10_000]) {
      // When each is imported
      const response = await r.upload(route('api.import.threads'), threadsCsv(rows))
      const body = (await response.json()) as { imported: number; errors: unknown[] }

      // Then every row is there, in file order at the bottom of the queue
      assert.equal(response.status, 200)
      assert.deepEqual(body, { imported: rows, errors: [], skipped: [] })
      total += rows
      assert.equal(await count('threads', { user_id: r.user.id }), total)
    }
    const queue = (await r.call('get', route('api.queue.index', {}, { per_page: 1 }))).body()
    assert.equal(queue.meta.total, total)
    const last = await db
      .from('threads')
      .where('user_id', r.user.id)
      .orderBy('sort_key', 'desc')
      .first()
    assert.equal(last.title, 'Thread 10000')
  }).timeout(60000)

  test('a 20,000-row CSV imports, and its undo takes it all back', async ({ client, assert }) => {
    // Given a reader with one thread of their own
    const r = await reader(client)
    await r.call('post', route('api.threads.store'), {
      title: 'Mine',
      format: 'Trade',
      issues_remaining: 3,
    })

    // When a 20,000-row CSV is imported, then undone
    const response = await r.upload(route('api.import.threads'), threadsCsv(20_000))
    assert.equal(response.status, 200)
    assert.equal(await count('threads', { user_id: r.user.id }), 20_001)
    const undo = await r.call('post', route('api.undo.store'))

    // Then only the reader's own thread is left
    undo.assertStatus(200)
    assert.equal(undo.body().undone, 'Import of 20000 threads')
    assert.deepEqual(
      (await pileOf(r.user.id)).map((t) => t.title),
      ['Mine']
    )
  }).timeout(60000)

  test('a JSON export with 30,000 events imports, and undo takes it back', async ({
    client,
    assert,
  }) => {
    // Given an export with a thread, a session and 30,000 events
    const r = await reader(client)
    const at = '2026-11-20T20:00:00.000Z'
    const file = {
      format: 'comic-pile-export',
      threads: [{ id: 7, title: 'Saga', format: 'Trade', issues_remaining: 3, status: 'active' }],
      sessions: [{ id: 3, started_at: at, ended_at: at, start_die: 6, current_die: 6 }],
      events: Array.from({ length: 30_000 }, () => ({
        session_id: 3,
        type: 'roll',
        thread_id: 7,
        thread_title: 'Saga',
        die: 6,
        result: 1,
        created_at: at,
      })),
    }

    // When it is imported into the reader's empty account, then undone
    const response = await r.upload(
      route('api.import.json'),
      JSON.stringify(file),
      'application/json'
    )
    const body = (await response.json()) as Record<string, unknown>
    assert.equal(response.status, 200)
    assert.deepEqual(body, {
      imported: { threads: 1, sessions: 1, events: 30_000 },
      skipped: [],
    })
    const events = await db
      .from('events')
      .where('user_id', r.user.id)
      .select('thread_id', 'session_id')
    const thread = await db.from('threads').where('user_id', r.user.id).first()
    assert.isTrue(events.every((e) => e.thread_id === thread.id && e.session_id !== null))
    ;(await r.call('post', route('api.undo.store'))).assertStatus(200)

    // Then nothing of it is left
    assert.equal(await count('events', { user_id: r.user.id, type: 'roll' }), 0)
    assert.equal(await count('threads', { user_id: r.user.id }), 0)
    assert.equal(await count('reading_sessions', { user_id: r.user.id }), 0)
  }).timeout(60000)

  test('a pile holds at most 100,000 threads; an import past it is refused whole', async ({
    client,
    assert,
  }) => {
    // Given a reader whose pile is one thread short of full
    const r = await reader(client)
    await db.rawQuery(
      `INSERT INTO threads (user_id, title, format, issues_remaining, sort_key)
       SELECT ?, 'T' || n, 'Issue', 1, n * 1024 FROM generate_series(1, 99999) n`,
      [r.user.id]
    )

    // When two more threads are imported
    const response = await r.upload(route('api.import.threads'), threadsCsv(2))

    // Then it is a 422 saying so, and nothing was added
    assert.equal(response.status, 422)
    assert.match(((await response.json()) as any).errors[0].message, /at most 100,000 threads/)
    assert.equal(await count('threads', { user_id: r.user.id }), 99_999)

    // And one thread more fits, but not two
    const thread = { title: 'Last', format: 'Trade', issues_remaining: 1 }
    ;(await r.call('post', route('api.threads.store'), thread)).assertStatus(201)
    const full = await r.call('post', route('api.threads.store'), thread)
    full.assertStatus(409)
    assert.match(full.body().errors[0].message, /as many as it can/)
    assert.equal(await count('threads', { user_id: r.user.id }), 100_000)
  }).timeout(60000)

  test('a JSON file that does not parse is refused with where it goes wrong', async ({
    client,
    assert,
  }) => {
    // Given a reader
    const r = await reader(client)
    const messageOf = async (text: string) => {
      const response = await r.upload(route('api.import.json'), text, 'application/json')
      assert.equal(response.status, 422)
      return ((await response.json()) as any).errors[0].message as string
    }

    // When a file cut short, and one with a stray brace, are imported
    // Then each is refused saying what is wrong, and nothing is stored
    assert.match(await messageOf('{"threads": ['), /not valid JSON: it ends too soon/)
    assert.match(await messageOf('{"threads": []}}'), /not valid JSON: .*line 1, column 16/)
    assert.equal(await count('threads', { user_id: r.user.id }), 0)
  })
})

test.group('Imports share the server fairly', (group) => {
  group.each.setup(() => resetDatabase())

  test('one import per reader at a time; other readers are served while imports run', async ({
    client,
    assert,
  }) => {
    // Given two readers, one of them with an export of 20,000 threads
    const a = await reader(client)
    const b = await reader(client)
    await b.call('post', route('api.threads.store'), {
      title: 'B reads',
      format: 'Trade',
      issues_remaining: 2,
    })
    const big = JSON.stringify({
      format: 'comic-pile-export',
      threads: Array.from({ length: 20_000 }, (_, i) => ({
        id: i + 1,
        title: `Big ${i + 1}`,
        format: 'Issue',
        issues_remaining: 1,
        status: 'active',
      })),
      sessions: [],
      events: [],
    })

    // When A sends four imports at once and B rolls meanwhile
    const imports = Promise.all(
      Array.from({ length: 4 }, () => a.upload(route('api.import.json'), big, 'application/json'))
    )
    const served: number[] = []
    for (let i = 0; i < 5; i++) {
      served.push((await b.call('get', route('api.session.show'))).status())
    }
    const roll = await b.call('post', route('api.roll.store'))
    const answers = await imports

    // Then one import ran and the others were told to retry; B was served every time
    const statuses = answers.map((response) => response.status).sort()
    assert.equal(statuses.filter((s) => s === 200).length, 1)
    for (const response of answers.filter((answer) => answer.status !== 200)) {
      assert.equal(response.status, 429)
      assert.isAbove(Number(response.headers.get('retry-after')), 0)
    }
    assert.deepEqual(served, [200, 200, 200, 200, 200])
    roll.assertStatus(200)
    assert.equal(await count('threads', { user_id: a.user.id }), 20_000)
  }).timeout(90000)
})

test.group('Round trips', (group) => {
  group.each.setup(() => resetDatabase())

  test('the threads CSV export imports back as it is, into a fresh and a non-empty account', async ({
    client,
    assert,
  }) => {
    // Given a reader with threads that have notes, links, formula-like and separated titles
    const a = await reader(client)
    for (const [title, issues, notes] of [
      ['One; =SUM(1,2)', 3, 'line one\nline "two"'],
      ['+Two', 2, ''],
      ['Three, the end', 0, 'done'],
    ] as const) {
      await a.call('post', route('api.threads.store'), {
        title,
        format: 'Trade',
        issues_remaining: issues,
        at: 'bottom',
        notes: notes || undefined,
        review_url: 'https://example.com/review',
      })
    }
    const csv = (await a.call('get', route('api.export.csv'))).text()
    assert.match(csv, /"One; =SUM\(1,2\)"/)
    assert.include(csv, `'+Two`)

    // When it is imported into a fresh account and into one with a thread
    const fresh = await reader(client)
    const busy = await reader(client)
    await busy.call('post', route('api.threads.store'), {
      title: 'Own',
      format: 'Issue',
      issues_remaining: 1,
    })
    const intoFresh = await fresh.upload(route('api.import.threads'), csv)
    const intoBusy = await busy.upload(route('api.import.threads'), csv)

    // Then both hold the same threads in the same order (after their own)
    assert.equal(intoFresh.status, 200)
    assert.equal(intoBusy.status, 200)
    const original = await pileOf(a.user.id)
    assert.deepEqual(await pileOf(fresh.user.id), original)
    const busyPile = await pileOf(busy.user.id)
    assert.equal(busyPile[0].title, 'Own')
    assert.deepEqual(busyPile.slice(1), original)
  })

  test('the threads CSV carries ids: the same file, with links added, imports as reviews', async ({
    client,
    assert,
  }) => {
    // Given a reader's threads CSV, with a review link filled in on one row
    const r = await reader(client)
    await r.call('post', route('api.threads.store'), {
      title: 'Saga',
      format: 'Trade',
      issues_remaining: 2,
    })
    await r.call('post', route('api.threads.store'), {
      title: 'Paper',
      format: 'Trade',
      issues_remaining: 2,
    })
    const csv = (await r.call('get', route('api.export.csv'))).text()
    const [header, ...rows] = csv.trim().split('\r\n')
    const columns = header.split(',')
    const saga = rows.find((row) => row.includes('Saga'))!.split(',')
    saga[columns.indexOf('review_url')] = 'https://example.com/saga'
    saga[columns.indexOf('last_review_at')] = '2026-11-20T20:00:00Z'
    const edited = [header, saga.join(','), ...rows.filter((row) => !row.includes('Saga'))].join(
      '\n'
    )

    // When it is imported as reviews
    const response = await r.upload(route('api.import.reviews'), edited)

    // Then the one link is set, and the other rows were passed over
    assert.deepEqual(await response.json(), { imported: 1, errors: [] })
    const thread = await db.from('threads').where('title', 'Saga').first()
    assert.equal(thread.review_url, 'https://example.com/saga')
  })

  test('a JSON export into a non-empty account asks add or replace; replace is undone exactly', async ({
    client,
    assert,
  }) => {
    // Given a reader with history, and another with threads of their own
    const a = await reader(client)
    for (const title of ['One', 'Two', 'Three']) {
      await a.call('post', route('api.threads.store'), {
        title,
        format: 'Trade',
        issues_remaining: 3,
        at: 'bottom',
      })
    }
    await a.call('post', route('api.roll.store'))
    await a.call('post', route('api.rate.store'), { rating: 4.5 })
    const exported = JSON.stringify((await a.call('get', route('api.export.json'))).body())
    const c = await reader(client)
    await c.call('post', route('api.threads.store'), {
      title: 'Mine',
      format: 'Issue',
      issues_remaining: 2,
    })
    await c.call('post', route('api.roll.store'))
    const before = await everythingOf(c)

    // When the export is imported without a mode, with add, then (after undo) with replace
    const asked = await c.upload(route('api.import.json'), exported, 'application/json')
    const added = await c.upload(
      route('api.import.json', {}, { mode: 'add' }),
      exported,
      'application/json'
    )
    const afterAdd = (await c.call('get', route('api.threads.index'))).body().data.length
    ;(await c.call('post', route('api.undo.store'))).assertStatus(200)
    const replaced = await c.upload(
      route('api.import.json', {}, { mode: 'replace' }),
      exported,
      'application/json'
    )
    const afterReplace = await everythingOf(c)
    ;(await c.call('post', route('api.undo.store'))).assertStatus(200)

    // Then no mode is a 409 that asks; add puts them alongside; replace swaps them for the
    // file's; and its undo brings the account back exactly as it was
    assert.equal(asked.status, 409)
    assert.match(((await asked.json()) as any).errors[0].message, /“add”.*“replace”/)
    assert.equal(added.status, 200)
    assert.equal(afterAdd, 4)
    assert.equal(replaced.status, 200)
    assert.deepEqual(afterReplace, await everythingOf(a))
    assert.deepEqual(await everythingOf(c), before)
    assert.equal(await count('undo_rows'), 0)
  })

  test('the Markdown export shows titles as text, not as Markdown', async ({ client, assert }) => {
    // Given a thread whose title looks like Markdown, read once
    const r = await reader(client)
    await r.call('post', route('api.threads.store'), {
      title: '*Bold* [link](http://x) #1',
      format: 'Trade',
      issues_remaining: 2,
    })
    await r.call('post', route('api.roll.store'))
    await r.call('post', route('api.rate.store'), { rating: 4 })

    // When the sessions are exported as Markdown
    const md = (await r.call('get', route('api.export.md'))).text()

    // Then the title's punctuation is escaped
    assert.include(md, '\\*Bold\\* \\[link\\]\\(http://x\\) \\#1')
  })
})

test.group('Lists that stay small', (group) => {
  group.each.setup(() => resetDatabase())

  test('threads are paged with a cursor and searched whatever the case and accents', async ({
    client,
    assert,
  }) => {
    // Given a reader with five threads, two of them Pokémon, one completed
    const r = await reader(client)
    for (const [title, issues] of [
      ['Pokémon Adventures', 3],
      ['Saga', 3],
      ['POKEMON Origins', 3],
      ['Paper Girls', 3],
      ['Pokemon Done', 0],
    ] as const) {
      await r.call('post', route('api.threads.store'), {
        title,
        format: 'Trade',
        issues_remaining: issues,
        at: 'bottom',
      })
    }

    // When the list is read two at a time, and searched
    const seen: string[] = []
    let cursor: string | null = ''
    let pages = 0
    while (cursor !== null) {
      const page = (
        await r.call(
          'get',
          route('api.threads.index', {}, { per_page: 2, cursor: cursor || undefined })
        )
      ).body()
      assert.equal(page.meta.total, 5)
      seen.push(
        ...page.data.map(
          (t: { title: string; position: number | null }) => `${t.position}:${t.title}`
        )
      )
      cursor = page.meta.next_cursor
      pages++
    }
    const search = (await r.call('get', route('api.threads.index', {}, { q: 'pokemon' }))).body()
    const queueSearch = (await r.call('get', route('api.queue.index', {}, { q: 'pokémon' }))).body()

    // Then every thread comes once, in order, and the searches find the Pokémon ones
    assert.equal(pages, 3)
    assert.deepEqual(seen, [
      '1:Pokémon Adventures',
      '2:Saga',
      '3:POKEMON Origins',
      '4:Paper Girls',
      'null:Pokemon Done',
    ])
    assert.deepEqual(
      search.data.map((t: { title: string }) => t.title),
      ['Pokémon Adventures', 'POKEMON Origins', 'Pokemon Done']
    )
    assert.equal(search.meta.total, 3)
    assert.deepEqual(
      queueSearch.data.map((t: { position: number }) => t.position),
      [1, 3]
    )
    assert.equal(queueSearch.roll_pool_size, 4)
  })

  test('a bad page size or cursor is a 422 on its field', async ({ client, assert }) => {
    const r = await reader(client)
    const big = await r.call('get', route('api.threads.index', {}, { per_page: 501 }))
    const forged = await r.call('get', route('api.queue.index', {}, { cursor: 'not-ours' }))
    big.assertStatus(422)
    assert.equal(big.body().errors[0].field, 'per_page')
    forged.assertStatus(422)
    assert.equal(forged.body().errors[0].field, 'cursor')
  })
})

test.group('Forms keep their input', (group) => {
  group.each.setup(() => resetDatabase())

  test('a refused edit with 5,000 characters of notes comes back with them, at once', async ({
    client,
    assert,
  }) => {
    // Given a thread, and notes of 5,000 characters typed with a title left empty
    const r = await reader(client)
    const created = (
      await r.call('post', route('api.threads.store'), {
        title: 'Saga',
        format: 'Trade',
        issues_remaining: 3,
      })
    ).body()
    const pages = await signedInPages(r.email)
    await pages.get(route('threads.edit', { id: created.id }))
    const notes = 'n'.repeat(4990) + ' & <end>'

    // When the form is sent
    const refused = await pages.post(
      route('threads.update', { id: created.id }, { _method: 'PUT' }),
      {
        title: '',
        format: 'Trade',
        issues_remaining: 3,
        notes,
      }
    )

    // Then the edit page comes back with a 422, the notes as typed and the title's message
    assert.equal(refused.status, 422)
    assert.include(refused.html, 'n'.repeat(4990) + ' &amp; &lt;end&gt;</textarea>')
    assert.include(refused.html, 'This field is required.')
    assert.match(refused.html, /id="field-title"[^>]*autofocus/)
    const stored = await db.from('threads').where('id', created.id).first()
    assert.equal(stored.title, 'Saga')
    assert.isNull(stored.notes)
  })

  test('the add form and the password form come back with what was typed, at once', async ({
    client,
    assert,
  }) => {
    // Given a signed-in reader
    const r = await reader(client)
    const pages = await signedInPages(r.email)

    // When a thread is added without a format, and the password changed with a wrong one
    await pages.get(route('queue.show'))
    const add = await pages.post(route('threads.store'), {
      title: 'Typed title',
      format: '',
      issues_remaining: 4,
    })
    await pages.get(route('account.show'))
    const password = await pages.post(route('account.password.update', {}, { _method: 'PUT' }), {
      current_password: 'not my password',
      password: 'a brand new passphrase',
    })

    // Then each page comes back with its message by the field and the values typed (no password)
    assert.equal(add.status, 422)
    assert.include(add.html, 'value="Typed title"')
    assert.match(add.html, /id="field-format"[^>]*autofocus/)
    assert.equal(password.status, 422)
    assert.include(password.html, 'The password is not right.')
    assert.notInclude(password.html, 'not my password')
    assert.notInclude(password.html, 'a brand new passphrase')
    assert.equal(await count('threads', { user_id: r.user.id }), 0)
  })
})
