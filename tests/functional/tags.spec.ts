import { readFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { apiReader, route, signedInPages } from '#tests/support/accounts'

type Reader = Awaited<ReturnType<typeof apiReader>>

const add = async (r: Reader, title: string, tags?: unknown, at = 'bottom') =>
  r.call('post', route('api.threads.store'), {
    title,
    format: 'Trade',
    issues_remaining: 3,
    at,
    ...(tags === undefined ? {} : { tags }),
  })

/** The reader's threads' tags as stored, by title. */
async function tagsOf(userId: number) {
  const rows = await db
    .from('threads')
    .where('user_id', userId)
    .orderBy('id')
    .select('title', 'tags', 'tag_keys')
  return Object.fromEntries(rows.map((row) => [row.title, [row.tags, row.tag_keys]]))
}

const titles = (body: { data: Array<{ title: string }> }) => body.data.map((t) => t.title)

test.group('Tags', (group) => {
  group.each.setup(() => resetDatabase())

  test('a thread keeps its tags as typed, once each; a tag the pile carries keeps the pile’s spelling', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const first = await add(r, 'Hellboy', [
      ' Horror ',
      'indie',
      'horror',
      'Épouvante',
      'big   press',
    ])
    first.assertStatus(201)
    assert.deepEqual(first.body().tags, ['Horror', 'indie', 'Épouvante', 'big press'])
    const second = await add(r, 'Saga', ['HORROR', 'capes', 'epouvante'])
    assert.deepEqual(second.body().tags, ['Horror', 'capes', 'Épouvante'])
    await add(r, 'Monstress')

    // The tags by name (case and accents aside), each as first typed, with its threads
    const tags = await r.call('get', route('api.tags.index'))
    tags.assertStatus(200)
    assert.deepEqual(tags.body().data, [
      { name: 'big press', threads: 1 },
      { name: 'capes', threads: 1 },
      { name: 'Épouvante', threads: 2 },
      { name: 'Horror', threads: 2 },
      { name: 'indie', threads: 1 },
    ])

    // Another reader sees none of them
    const other = await apiReader(client)
    assert.deepEqual((await other.call('get', route('api.tags.index'))).body().data, [])
    const theirs = await other.call('get', route('api.threads.index', {}, { tag: 'horror' }))
    assert.deepEqual(theirs.body().data, [])
  })

  test('lists by tag: every tag named, case and accents aside, with the queue positions', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    await add(r, 'Monstress')
    await add(r, 'Hellboy', ['horror', 'indie'])
    await add(r, 'Saga', ['capes'])
    await add(r, 'Harrow County', ['Horror', 'Épouvante'])

    const list = async (name: 'api.threads.index' | 'api.queue.index', tag: string | string[]) =>
      (await r.call('get', route(name, {}, { tag }))).body()
    const horror = await list('api.threads.index', 'HORROR')
    assert.deepEqual(titles(horror), ['Hellboy', 'Harrow County'])
    assert.equal(horror.meta.total, 2)
    assert.deepEqual(titles(await list('api.threads.index', ['horror', 'epouvante'])), [
      'Harrow County',
    ])
    const queue = await list('api.queue.index', 'Épouvante')
    assert.deepEqual(
      queue.data.map((t: { title: string; position: number }) => [t.title, t.position]),
      [['Harrow County', 4]]
    )
    const none = await list('api.threads.index', 'noir')
    assert.deepEqual([none.data, none.meta.total], [[], 0])

    // A tag is counted in characters, as the forms count it: 16 emoji are one tag of 16
    const wide = '🦇'.repeat(16)
    const batman = await add(r, 'Batman', [wide])
    batman.assertStatus(201)
    assert.deepEqual(titles(await list('api.threads.index', wide)), ['Batman'])
    const tooWide = await add(r, 'Robin', ['🦇'.repeat(31)])
    tooWide.assertStatus(422)

    // A tag that is no tag is refused
    const refused = await r.call('get', route('api.threads.index', {}, { tag: 'a,b' }))
    refused.assertStatus(422)
  })

  test('a change replaces the tags, an empty list clears them, undo brings them back; refusals change nothing', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const made = (await add(r, 'Hellboy', ['horror'])).body()
    const patch = (body: object) =>
      r.call('patch', route('api.threads.update', { id: made.id }), body)

    const changed = await patch({ tags: ['indie', 'Dark Horse'] })
    changed.assertStatus(200)
    assert.deepEqual(changed.body().tags, ['indie', 'Dark Horse'])
    const cleared = await patch({ tags: [] })
    assert.deepEqual(cleared.body().tags, [])
    await r.call('post', route('api.undo.store')).then((res) => res.assertStatus(200))
    assert.deepEqual((await tagsOf(r.user.id)).Hellboy, [
      ['indie', 'Dark Horse'],
      ['indie', 'dark horse'],
    ])

    // Too many, too long, a separator inside, not text: 422 on tags, the thread as it was
    const before = await tagsOf(r.user.id)
    const many = Array.from({ length: 21 }, (_, i) => `tag ${i}`)
    for (const tags of [many, ['x'.repeat(31)], ['horror;indie'], ['ok', ''], 'horror', [7]]) {
      const refused = await patch({ tags })
      refused.assertStatus(422)
      assert.match(refused.body().errors[0].field, /^tags/)
    }
    const added = await add(r, 'Saga', many)
    added.assertStatus(422)
    assert.deepEqual(await tagsOf(r.user.id), before)
  })

  test('the CSV export writes tags in one cell, separated by semicolons; the CSV and JSON imports read them back', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    await add(r, 'Hellboy', ['horror', 'Dark Horse'])
    await add(r, 'Saga')

    const csv = await r.call('get', route('api.export.csv'))
    csv.assertStatus(200)
    const [header, ...rows] = csv.text().trim().split(/\r\n/)
    assert.equal(header.split(',').at(-1), 'tags')
    assert.match(rows[0], /,"horror;Dark Horse"$/)
    assert.match(rows[1], /,$/)
    const json = (await r.call('get', route('api.export.json'))).body()
    assert.deepEqual(
      json.threads.map((t: { tags: string[] }) => t.tags),
      [['horror', 'Dark Horse'], []]
    )

    // Into another pile: the CSV's cell, and the JSON's lists
    const other = await apiReader(client)
    const fromCsv = await other.upload(route('api.import.threads'), csv.text())
    assert.equal(fromCsv.status, 200, await fromCsv.text())
    assert.deepEqual((await tagsOf(other.user.id)).Hellboy, [
      ['horror', 'Dark Horse'],
      ['horror', 'dark horse'],
    ])
    const third = await apiReader(client)
    const fromJson = await third.upload(
      route('api.import.json'),
      JSON.stringify(json),
      'application/json'
    )
    assert.oneOf(fromJson.status, [200, 201], await fromJson.text())
    assert.deepEqual((await tagsOf(third.user.id)).Hellboy[0], ['horror', 'Dark Horse'])

    // Into a pile that spells a tag its own way: the pile's spelling, and one spelling a key
    const sixth = await apiReader(client)
    await add(sixth, 'Monstress', ['HORROR'])
    const spelled = await sixth.upload(
      route('api.import.threads'),
      'title,format,issues_remaining,tags\r\nHellboy,Trade,3,horror;Dark Horse\r\nBPRD,Trade,2,dark horse\r\n'
    )
    assert.equal(spelled.status, 200, await spelled.text())
    const sixthTags = await tagsOf(sixth.user.id)
    assert.deepEqual(sixthTags.Hellboy[0], ['HORROR', 'Dark Horse'])
    assert.deepEqual(sixthTags.BPRD[0], ['Dark Horse'])

    // The sample the pages offer imports with its tags
    const fifth = await apiReader(client)
    const sample = await readFile(
      new URL('../../public/samples/threads.csv', import.meta.url),
      'utf8'
    )
    const sampled = await fifth.upload(route('api.import.threads'), sample)
    assert.equal(sampled.status, 200, await sampled.text())
    assert.deepEqual((await tagsOf(fifth.user.id)).Saga[0], ['space opera', 'Image'])

    // A CSV row with a tag too long is a row error, nothing imported
    const fourth = await apiReader(client)
    const long = await fourth.upload(
      route('api.import.threads'),
      `title,format,issues_remaining,tags\r\nSaga,Trade,3,${'x'.repeat(31)}\r\n`
    )
    const refused = await long.json()
    assert.deepEqual([long.status, refused.imported, refused.errors[0].row], [200, 0, 2])
    assert.match(refused.errors[0].message, /^tags: A tag is at most 30 characters/)
    assert.deepEqual(await tagsOf(fourth.user.id), {})
  })

  test('pages: tags typed in the add and edit forms, shown on rows as links, the queue listed by one; a refused form keeps them', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    await add(r, 'Monstress')
    const pages = await signedInPages(r.email)
    await pages.get(route('queue.show'))

    // Added with the field left empty, as a browser sends it: no tags
    const plain = await pages.post(route('threads.store'), {
      title: 'Saga',
      format: 'Trade',
      issues_remaining: 4,
      at: 'bottom',
      tags: '',
    })
    assert.equal(plain.status, 302)
    assert.deepEqual((await tagsOf(r.user.id)).Saga[0], [])

    // Added with tags typed as text
    const added = await pages.post(route('threads.store'), {
      title: 'Hellboy',
      format: 'Trade',
      issues_remaining: 4,
      at: 'bottom',
      tags: 'horror, Dark Horse;  horror ',
    })
    assert.equal(added.status, 302)
    assert.deepEqual((await tagsOf(r.user.id)).Hellboy[0], ['horror', 'Dark Horse'])
    const queue = await pages.follow(added)
    assert.include(queue.html, `href="${route('queue.show', {}, { tag: 'Dark Horse' })}"`)

    // Listed by a tag: the one thread, at its place in the queue
    const listed = await pages.get(route('queue.show', {}, { tag: 'HORROR' }))
    assert.equal(listed.status, 200)
    assert.include(listed.html, '1 thread in your queue carries the tag “HORROR”.')
    assert.include(listed.html, 'Hellboy')
    assert.notInclude(listed.html, '>Monstress<')
    const both = await pages.get(route('queue.show', {}, { tag: ['horror', 'dark horse'] }))
    assert.include(both.html, '1 thread in your queue carries the tags “horror” and “dark horse”.')
    const none = await pages.get(route('queue.show', {}, { tag: 'noir' }))
    assert.include(none.html, 'No thread in your queue carries the tag “noir”.')

    // Edited: the field holds them, a change replaces them
    const hellboy = (await r.call('get', route('api.threads.index')))
      .body()
      .data.find((t: { title: string }) => t.title === 'Hellboy')
    const edit = await pages.get(route('threads.edit', { id: hellboy.id }))
    assert.include(edit.html, 'value="horror, Dark Horse"')
    const saved = await pages.post(
      route('threads.update', { id: hellboy.id }, { _method: 'PUT' }),
      {
        title: 'Hellboy',
        format: 'Trade',
        issues_remaining: 4,
        tags: 'indie',
      }
    )
    assert.equal(saved.status, 302)
    assert.deepEqual((await tagsOf(r.user.id)).Hellboy[0], ['indie'])
    const page = await pages.get(route('threads.show', { id: hellboy.id }))
    assert.include(page.html, '>indie</a>')

    // Too many or too long: the form again with the message and what was typed, nothing saved
    const before = await tagsOf(r.user.id)
    const many = Array.from({ length: 21 }, (_, i) => `t${i}`).join(', ')
    const refused = await pages.post(
      route('threads.update', { id: hellboy.id }, { _method: 'PUT' }),
      {
        title: 'Hellboy',
        format: 'Trade',
        issues_remaining: 4,
        tags: many,
      }
    )
    assert.equal(refused.status, 422)
    assert.include(refused.html, 'Give at most 20 tags.')
    assert.include(refused.html, `value="${many}"`)
    const long = await pages.post(route('threads.store'), {
      title: 'Saga',
      format: 'Trade',
      issues_remaining: 4,
      tags: `capes, ${'x'.repeat(31)}`,
    })
    assert.equal(long.status, 422)
    assert.include(long.html, 'A tag is at most 30 characters')
    assert.deepEqual(await tagsOf(r.user.id), before)
  })
})
