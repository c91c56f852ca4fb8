import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { apiReader, signedInPages, route } from '#tests/support/accounts'

const TITLES = [
  'The Amazing Spider-Man',
  'Spider-Woman',
  'Amazing Fantasy',
  'Thread 011',
  'Thread 110',
  'Thread 101',
  'Pokémon Adventures',
  'Saga',
]

/** A reader whose queue holds TITLES, in that order (Saga at the top). */
async function readerWithPile(client: Parameters<typeof apiReader>[0]) {
  const reader = await apiReader(client)
  for (const title of TITLES) {
    ;(
      await reader.call('post', route('api.threads.store'), {
        title,
        format: 'Issue',
        issues_remaining: 3,
      })
    ).assertStatus(201)
  }
  return reader
}

const titlesOf = (body: { data: Array<{ title: string }> }) => body.data.map((t) => t.title)

test.group('Search by words', (group) => {
  group.each.setup(() => resetDatabase())

  test('every word, in any order, each a part of the title, case and accents aside', async ({
    client,
    assert,
  }) => {
    const reader = await readerWithPile(client)
    const search = async (q: string) =>
      titlesOf((await reader.call('get', route('api.threads.index', {}, { q }))).body())

    assert.deepEqual(await search('spider amazing'), ['The Amazing Spider-Man'])
    assert.deepEqual(await search('AMAZING'), ['Amazing Fantasy', 'The Amazing Spider-Man'])
    assert.sameMembers(await search('thread 11'), ['Thread 110', 'Thread 011'])
    assert.deepEqual(await search('pokemon'), ['Pokémon Adventures'])
    // Words of one or two letters, and a word twice
    assert.sameMembers(await search('sp d'), ['Spider-Woman', 'The Amazing Spider-Man'])
    assert.deepEqual(await search('saga saga'), ['Saga'])
    // LIKE's own characters are taken as they are
    assert.deepEqual(await search('%'), [])
    assert.deepEqual(await search('_'), [])

    // The queue answers positions in the whole queue, not in the search
    const queue = await reader.call('get', route('api.queue.index', {}, { q: 'thread 1' }))
    assert.deepEqual(
      queue.body().data.map((t: { title: string; position: number }) => [t.title, t.position]),
      [
        ['Thread 101', 3],
        ['Thread 110', 4],
        ['Thread 011', 5],
      ]
    )
    assert.equal(queue.body().meta.total, 3)
    assert.isFalse(queue.body().meta.total_capped)
  })

  test('at most 10 words and 200 characters: beyond, a 422 on q', async ({ client, assert }) => {
    const reader = await readerWithPile(client)
    const words = Array.from({ length: 11 }, (_, i) => `w${i}`).join(' ')
    for (const q of [words, 'a'.repeat(201)]) {
      const answer = await reader.call('get', route('api.threads.index', {}, { q }))
      answer.assertStatus(422)
      assert.equal(answer.body().errors[0].field, 'q')
    }
    const ten = Array.from({ length: 10 }, () => 'a').join(' ')
    ;(await reader.call('get', route('api.queue.index', {}, { q: ten }))).assertStatus(200)
  })

  test('a total past 10,000 matches is said as 10,000, capped; pages go on', async ({
    client,
    assert,
  }) => {
    const reader = await apiReader(client)
    await db.rawQuery(
      `INSERT INTO threads (user_id, title, format, issues_remaining, sort_key, created_at, updated_at)
       SELECT ?, 'Thread ' || n, 'Issue', 2, n * 1024, now(), now()
         FROM generate_series(1, 10050) AS n`,
      [reader.user.id]
    )
    const first = await reader.call(
      'get',
      route('api.threads.index', {}, { q: 'thread', per_page: 500, status: 'active' })
    )
    assert.equal(first.body().meta.total, 10_000)
    assert.isTrue(first.body().meta.total_capped)
    assert.lengthOf(first.body().data, 500)
    const next = await reader.call(
      'get',
      route(
        'api.threads.index',
        {},
        { q: 'thread', per_page: 500, status: 'active', cursor: first.body().meta.next_cursor }
      )
    )
    assert.equal(next.body().data[0].position, 501)
    // Without a search the total is exact
    const all = await reader.call('get', route('api.threads.index', {}, { per_page: 1 }))
    assert.equal(all.body().meta.total, 10_050)
    assert.isFalse(all.body().meta.total_capped)
  }).timeout(60000)

  test('the queue page searches by words, and says when it counts no further', async ({
    client,
    assert,
  }) => {
    const reader = await readerWithPile(client)
    const pages = await signedInPages(reader.email)
    const found = await pages.get(route('queue.show', {}, { q: 'spider amazing' }))
    assert.equal(found.status, 200)
    assert.include(found.html, 'The Amazing Spider-Man')
    assert.notInclude(found.html, 'Spider-Woman')
    assert.include(found.html, '1 thread in your queue matches')

    // More words than a search takes: the page searches for the first ten
    const many = `amazing ${Array.from({ length: 12 }, () => 'a').join(' ')}`
    const long = await pages.get(route('queue.show', {}, { q: many }))
    assert.equal(long.status, 200)
    assert.include(long.html, 'Amazing Fantasy')

    await db.rawQuery(
      `INSERT INTO threads (user_id, title, format, issues_remaining, sort_key, created_at, updated_at)
       SELECT ?, 'Bulk ' || n, 'Issue', 2, (100000 + n) * 1024, now(), now()
         FROM generate_series(1, 10010) AS n`,
      [reader.user.id]
    )
    const capped = await pages.get(route('queue.show', {}, { q: 'bulk' }))
    assert.include(capped.html, 'More than 10,000 threads in your queue match')
  }).timeout(60000)
})
