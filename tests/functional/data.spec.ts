import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import { resetDatabase, count } from '#tests/support/database'
import { apiReader, route, signedInPages } from '#tests/support/accounts'

const reader = (client: ApiClient) => apiReader(client)

test.group('Export and import', (group) => {
  group.each.setup(() => resetDatabase())

  test('export → import into a fresh account reproduces threads, order, sessions and events', async ({
    client,
    assert,
  }) => {
    const a = await reader(client)
    for (const title of ['One', 'Two', 'Three', 'Done']) {
      await a.call('post', route('api.threads.store'), {
        title,
        format: 'Trade',
        issues_remaining: title === 'Done' ? 1 : 4,
        at: 'bottom',
        notes: `${title} notes`,
      })
    }
    const done = (await a.call('get', route('api.threads.index')))
      .body()
      .data.find((t: { title: string }) => t.title === 'Done')
    await a.call('post', route('api.roll.override'), { thread_id: done.id })
    await a.call('post', route('api.rate.store'), { rating: 4.5 })
    await a.call('post', route('api.roll.store'))
    await a.call('post', route('api.rate.store'), { rating: 2, issues_read: 2 })
    await a.call('post', route('api.roll.store'))

    const exported = await a.call('get', route('api.export.json'))
    exported.assertStatus(200)
    assert.match(
      exported.header('content-disposition') ?? '',
      /attachment; filename="comic-pile-.*\.json"/
    )
    const b = await reader(client)
    const response = await b.upload(
      route('api.import.json'),
      JSON.stringify(exported.body()),
      'text/plain'
    )
    assert.equal(response.status, 200)
    assert.deepEqual((await response.json()).imported, {
      threads: 4,
      sessions: 1,
      events: exported.body().events.length,
    })

    const strip = (threads: Array<Record<string, unknown>>) =>
      threads.map(({ id, created_at: c, updated_at: u, ...rest }) => rest)
    const threadsA = (await a.call('get', route('api.threads.index'))).body().data
    const threadsB = (await b.call('get', route('api.threads.index'))).body().data
    assert.deepEqual(strip(threadsB), strip(threadsA))
    const sessionA = (await a.call('get', route('api.sessions.index'))).body().data[0]
    const sessionB = (await b.call('get', route('api.sessions.index'))).body().data[0]
    assert.deepEqual(sessionB.ladder_path, sessionA.ladder_path)
    assert.deepEqual(
      sessionB.reads,
      sessionA.reads.map((r: Record<string, unknown>) => ({
        ...r,
        thread_id: threadsB.find((t: { title: string }) => t.title === r.title)?.id ?? null,
      }))
    )
    assert.equal(sessionB.pending_thread?.title, sessionA.pending_thread?.title)
    assert.equal(await count('threads', { user_id: a.user.id }), 4)

    const csv = await a.call('get', route('api.export.csv'))
    assert.match(csv.header('content-type') ?? '', /text\/csv/)
    assert.match(csv.text(), /^id,title,format,issues_remaining/)
    const md = await a.call('get', route('api.export.md'))
    assert.match(md.header('content-type') ?? '', /text\/markdown/)
    assert.include(md.text(), '★★★★½ Done')
  })

  test('threads CSV: the sample pile imports in order; a bad row imports nothing and names the row', async ({
    client,
    assert,
  }) => {
    const r = await reader(client)
    const sample = await readFile(app.makePath('tests/fixtures/sample-pile.csv'), 'utf8')
    const ok = await r.upload(route('api.import.threads'), sample)
    const body = await ok.json()
    assert.equal(body.imported, 60)
    assert.deepEqual(body.errors, [])
    const queue = (await r.call('get', route('api.queue.index'))).body().data
    assert.equal(queue[0].title, 'Hellboy Omnibus Vol 2')

    const bad = await r.upload(
      route('api.import.threads'),
      '\uFEFFtitle,format,issues_remaining\r\n"Good, one",Trade,3\r\n,Trade,2\r\nThird,Issue,many\r\n'
    )
    const errors = await bad.json()
    assert.equal(errors.imported, 0)
    assert.deepEqual(
      errors.errors.map((e: { row: number }) => e.row),
      [3, 4]
    )
    assert.equal(await count('threads', { user_id: r.user.id }), 60)
    const missing = await (await r.upload(route('api.import.threads'), 'name,pages\nx,1\n')).json()
    assert.match(missing.errors[0].message, /Missing column/)
  })

  test("reviews CSV updates own threads only; another reader's thread is a row error", async ({
    client,
    assert,
  }) => {
    const r = await reader(client)
    const other = await reader(client)
    const mine = (
      await r.call('post', route('api.threads.store'), {
        title: 'Mine',
        format: 'Trade',
        issues_remaining: 2,
      })
    ).body()
    const theirs = (
      await other.call('post', route('api.threads.store'), {
        title: 'Theirs',
        format: 'Trade',
        issues_remaining: 2,
      })
    ).body()
    const refused = await (
      await r.upload(
        route('api.import.reviews'),
        `thread_id,review_url,review_timestamp\n${mine.id},https://example.com/r1,2026-11-20T20:00:00Z\n${theirs.id},https://example.com/r2,2026-11-20T20:00:00Z\n`
      )
    ).json()
    assert.deepEqual(refused.errors, [
      { row: 3, message: `Thread ${theirs.id} is not in your pile.` },
    ])
    assert.isNull((await db.from('threads').where('id', mine.id).first()).review_url)
    assert.isNull((await db.from('threads').where('id', theirs.id).first()).review_url)

    const ok = await (
      await r.upload(
        route('api.import.reviews'),
        `thread_id,review_url,review_timestamp\n${mine.id},https://example.com/r1,2026-11-20T20:00:00Z\n`
      )
    ).json()
    assert.equal(ok.imported, 1)
    const updated = (await r.call('get', route('api.threads.show', { id: mine.id }))).body()
    assert.equal(updated.review_url, 'https://example.com/r1')
    assert.equal(updated.last_review_at, '2026-11-20T20:00:00.000Z')
    const badTime = await (
      await r.upload(
        route('api.import.reviews'),
        `thread_id,review_url,review_timestamp\n${mine.id},https://example.com/r,yesterday\n`
      )
    ).json()
    assert.match(badTime.errors[0].message, /ISO-8601/)
  })

  test('too large or not an export: a clear error and nothing imported', async ({
    client,
    assert,
  }) => {
    const r = await reader(client)
    const huge = 'title,format,issues_remaining\n' + 'A,Trade,1\n'.repeat(600000)
    const tooLarge = await r.upload(route('api.import.threads'), huge)
    assert.equal(tooLarge.status, 413)
    const notExport = await r.upload(
      route('api.import.json'),
      JSON.stringify({ hello: 'world' }),
      'text/plain'
    )
    assert.equal(notExport.status, 422)
    assert.match((await notExport.json()).errors[0].message, /not a Comic Pile export/)
    const notJson = await r.upload(route('api.import.json'), '{nope', 'text/plain')
    assert.equal(notJson.status, 422)
    assert.equal(await count('threads'), 0)
  })

  test('from the account page: upload a CSV, see row errors, download exports', async ({
    client,
    assert,
  }) => {
    // Given a signed-in reader on the account page
    const r = await reader(client)
    const pages = await signedInPages(r.email)
    await pages.get(route('account.show'))
    // When they upload a CSV whose third row has no title
    const response = await pages.postFile(route('account.import', { kind: 'threads' }), {
      name: 'pile.csv',
      text: 'title,format,issues_remaining\nSaga,Trade,5\n,Trade,1\n',
    })
    // Then the page comes back at once naming the row, nothing imported; exports download
    assert.equal(response.status, 422)
    assert.include(response.html, 'Row 3: title')
    assert.include(response.html, 'Nothing was imported: one row needs fixing.')
    assert.equal(await count('threads'), 0)
    const download = await pages.get(route('account.export.csv'))
    assert.equal(download.status, 200)
  })
})
