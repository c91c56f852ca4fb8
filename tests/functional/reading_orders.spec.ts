import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { orderPileOf } from '#tests/support/piles'
import { apiReader, route, signedInPages } from '#tests/support/accounts'
import { BASE_URL } from '#tests/bootstrap'
import { wordsOf } from '#tests/support/words'

type Reader = Awaited<ReturnType<typeof apiReader>>

/** A reader with Civil War (2006) listing #1–#2, Amazing Spider-Man counting 30 left, and a completed Ms. Marvel. */
async function readerWithPile(client: Parameters<typeof apiReader>[0]) {
  const r = await apiReader(client)
  const add = async (title: string, issues: number) =>
    (
      await r.call('post', route('api.threads.store'), {
        title,
        format: 'Issue',
        issues_remaining: issues,
        at: 'bottom',
      })
    ).body()
  const civilWar = await add('Civil War (2006)', 2)
  await r.call('post', route('api.threads.issues.store', { id: civilWar.id }), { numbers: '1-2' })
  const spiderMan = await add('Amazing Spider-Man', 30)
  const msMarvel = await add('Ms. Marvel (2014)', 0)
  return { r, civilWar, spiderMan, msMarvel }
}

const CIVIL_WAR = [
  { series: 'Civil War', volume: '2006', number: '1' },
  { series: 'Amazing Spider-Man', volume: '1999', number: '532' },
  { series: 'Civil War', volume: 2006, number: '#002' },
  { series: 'Amazing Spider-Man', volume: '1999', number: '533' },
  { series: 'Ms. Marvel', volume: '2014', number: '1' },
  { series: 'Front Line', volume: '2006', number: '1' },
  { series: '', number: '3' },
  { series: 'Front Line', volume: '2006', number: '001' },
]

const order = (r: Reader, body: object) => r.call('post', route('api.orders.store'), body)

test.group('Reading orders (API)', (group) => {
  group.each.setup(() => resetDatabase())

  test('a dry run says what it would match, make and add, and changes nothing', async ({
    client,
    assert,
  }) => {
    // Given a pile with Civil War (2006), Amazing Spider-Man and a completed Ms. Marvel (2014)
    const { r, civilWar, spiderMan, msMarvel } = await readerWithPile(client)
    const before = await orderPileOf(r.user.id)

    // When the Civil War list is planned
    const plan = await order(r, { name: 'Civil War', entries: CIVIL_WAR, dry_run: true })

    // Then each series is matched as the rules say, with what it changes, and nothing changed
    plan.assertStatus(200)
    assert.deepEqual(plan.body().threads_matched, [
      {
        series: 'Civil War',
        volume: '2006',
        thread_id: civilWar.id,
        title: 'Civil War (2006)',
        changes: [],
      },
      {
        series: 'Amazing Spider-Man',
        volume: '1999',
        thread_id: spiderMan.id,
        title: 'Amazing Spider-Man',
        changes: ['2 issues added to its list', 'issues left 30 → 2'],
      },
      {
        series: 'Ms. Marvel',
        volume: '2014',
        thread_id: msMarvel.id,
        title: 'Ms. Marvel (2014)',
        changes: [
          '1 issue added to its list',
          'issues left 0 → 1',
          'comes back to the queue, at the back',
        ],
      },
    ])
    assert.deepEqual(plan.body().threads_created, [{ title: 'Front Line (2006)' }])
    assert.equal(plan.body().issues_added, 4)
    assert.deepEqual(plan.body().unreadable, [
      { index: 6, message: 'It names no series.' },
      { index: 7, message: 'Front Line (2006) #1 is already entry 6.' },
    ])
    assert.deepEqual(await orderPileOf(r.user.id), before)
  })

  test('a series matches a thread whose title holds a run of spaces (as pasted lists carry)', async ({
    client,
    assert,
  }) => {
    // Given a thread typed "Front  Line (2006)", two spaces inside
    const r = await apiReader(client)
    const [thread] = await db
      .table('threads')
      .insert({
        user_id: r.user.id,
        title: 'Front  Line (2006)',
        format: 'Issue',
        issues_remaining: 3,
        sort_key: 1,
      })
      .returning('id')

    // When a list names Front Line, volume 2006
    const plan = await order(r, {
      name: 'Front Line',
      entries: [{ series: 'Front Line', volume: '2006', number: '1' }],
      dry_run: true,
    })

    // Then it matches that thread and makes none
    plan.assertStatus(200)
    assert.deepEqual(
      plan.body().threads_matched.map((m: { thread_id: number }) => m.thread_id),
      [thread.id]
    )
    assert.deepEqual(plan.body().threads_created, [])
  })

  test('made, the order holds its entries in order; threads and issues as planned; undo takes it all back', async ({
    client,
    assert,
  }) => {
    // Given the same pile
    const { r, civilWar, spiderMan, msMarvel } = await readerWithPile(client)
    const before = await orderPileOf(r.user.id)

    // When the list is made into an order
    const made = await order(r, { name: 'Civil War', mode: 'strict', entries: CIVIL_WAR })

    // Then it lists six entries, none read, and the pile changed as planned
    made.assertStatus(201)
    const body = made.body()
    assert.equal(body.mode, 'strict')
    assert.deepEqual(
      body.entries.map((e: { thread_title: string; number: string; read: boolean }) => [
        e.thread_title,
        e.number,
        e.read,
      ]),
      [
        ['Civil War (2006)', '1', false],
        ['Amazing Spider-Man', '532', false],
        ['Civil War (2006)', '2', false],
        ['Amazing Spider-Man', '533', false],
        ['Ms. Marvel (2014)', '1', false],
        ['Front Line (2006)', '1', false],
      ]
    )
    assert.deepEqual([body.entries_total, body.entries_read, body.done], [6, 0, false])
    assert.equal(body.next_entry.thread_id, civilWar.id)
    assert.deepEqual([body.threads_created, body.issues_added], [1, 4])
    const threads = (await r.call('get', route('api.threads.index'))).body().data as Array<{
      id: number
      title: string
      issues_remaining: number
      position: number | null
    }>
    const byTitle = Object.fromEntries(threads.map((t) => [t.title, t]))
    assert.equal(byTitle['Amazing Spider-Man'].issues_remaining, 2)
    assert.deepEqual(
      [byTitle['Ms. Marvel (2014)'].position, byTitle['Front Line (2006)'].position],
      [3, 4],
      'the completed thread is back, then the new one, at the back of the queue'
    )

    // When the reader reads Civil War #1
    const [first] = (
      await r.call('get', route('api.threads.issues.index', { id: civilWar.id }))
    ).body().data
    await r.call('post', route('api.issues.read', { id: first.id }))

    // Then the order moves along by the issue's own state
    const shown = (await r.call('get', route('api.orders.show', { id: body.id }))).body()
    assert.deepEqual([shown.entries_read, shown.entries[0].read], [1, true])
    assert.equal(shown.next_entry.thread_id, spiderMan.id)

    // When both are undone (the read, then the order)
    await r.call('post', route('api.undo.store')).then((res) => res.assertStatus(200))
    await r.call('post', route('api.undo.store')).then((res) => res.assertStatus(200))

    // Then the pile is exactly as it was
    const after = await orderPileOf(r.user.id)
    assert.deepEqual(after, before)
    void msMarvel
  })

  test('rename, mode, delete (threads stay) and undo of each; another reader’s order is 404', async ({
    client,
    assert,
  }) => {
    const { r } = await readerWithPile(client)
    const made = (await order(r, { name: 'Civil War', entries: CIVIL_WAR.slice(0, 4) })).body()
    const before = await orderPileOf(r.user.id)

    const changed = await r.call('patch', route('api.orders.update', { id: made.id }), {
      name: 'Civil War, the event',
      mode: 'strict',
    })
    changed.assertStatus(200)
    assert.deepEqual([changed.body().name, changed.body().mode], ['Civil War, the event', 'strict'])
    await r.call('post', route('api.undo.store')).then((res) => res.assertStatus(200))
    assert.deepEqual(await orderPileOf(r.user.id), before)

    const deleted = await r.call('delete', route('api.orders.destroy', { id: made.id }))
    deleted.assertStatus(204)
    const gone = await orderPileOf(r.user.id)
    assert.deepEqual([gone.orders.length, gone.entries.length], [0, 0])
    assert.deepEqual([gone.threads, gone.issues], [before.threads, before.issues])
    await r.call('post', route('api.undo.store')).then((res) => res.assertStatus(200))
    assert.deepEqual(await orderPileOf(r.user.id), before)

    // Another reader sees none of it
    const other = await apiReader(client)
    for (const [method, name] of [
      ['get', 'api.orders.show'],
      ['patch', 'api.orders.update'],
      ['delete', 'api.orders.destroy'],
      ['get', 'api.orders.export_cbl'],
    ] as const) {
      const response = await other.call(method, route(name, { id: made.id }), { name: 'Mine' })
      response.assertStatus(404)
    }
    assert.deepEqual((await other.call('get', route('api.orders.index'))).body().data, [])
    assert.deepEqual(await orderPileOf(r.user.id), before)
  })

  test('refusals change nothing: no entry readable, a bad name or mode, past 200 orders', async ({
    client,
    assert,
  }) => {
    const { r } = await readerWithPile(client)
    const before = await orderPileOf(r.user.id)

    const none = await order(r, { name: 'Nothing', entries: [{ series: '', number: '1' }] })
    none.assertStatus(422)
    assert.equal(none.body().errors[0].field, 'entries')
    assert.deepEqual(none.body().unreadable, [{ index: 0, message: 'It names no series.' }])
    for (const body of [
      { name: '', entries: CIVIL_WAR },
      { name: 'x'.repeat(201), entries: CIVIL_WAR },
      { name: 'Modes', mode: 'loose', entries: CIVIL_WAR },
      { name: 'Empty', entries: [] },
    ]) {
      const refused = await order(r, body)
      refused.assertStatus(422)
      assert.isString(refused.body().errors[0].field)
    }
    assert.deepEqual(await orderPileOf(r.user.id), before)

    // 200 orders are as many as a reader keeps
    await db
      .table('reading_orders')
      .multiInsert(
        Array.from({ length: 200 }, (_, i) => ({ user_id: r.user.id, name: `Order ${i}` }))
      )
    const full = await orderPileOf(r.user.id)
    const over = await order(r, { name: 'One more', entries: CIVIL_WAR })
    over.assertStatus(409)
    assert.deepEqual(await orderPileOf(r.user.id), full)
  })

  test('a CBL file: planned, imported with its ids, exported, imported back to the same entries', async ({
    client,
    assert,
  }) => {
    const { r } = await readerWithPile(client)
    const cbl = `<?xml version="1.0" encoding="utf-8"?>
<ReadingList><Name>Civil War &amp; friends</Name><Books>
  <Book Series="Civil War" Number="1" Volume="2006"><Database Name="cv" Series="18023" Issue="105760"/></Book>
  <Book Series="Amazing Spider-Man" Number="532" Volume="1999"/>
  <Book Series="Civil War" Number="2" Volume="2006"/>
</Books></ReadingList>`
    const upload = async (query: string, text: string) => {
      const response = await r.upload(
        `${route('api.orders.import')}${query}`,
        text,
        'application/xml'
      )
      return { status: response.status, body: await response.json() }
    }

    const before = await orderPileOf(r.user.id)
    const plan = await upload('?dry_run=1', cbl)
    assert.equal(plan.status, 200)
    assert.equal(plan.body.issues_added, 1)
    assert.deepEqual(await orderPileOf(r.user.id), before)

    const made = await upload('', cbl)
    assert.equal(made.status, 201)
    assert.equal(made.body.name, 'Civil War & friends')
    const exported = await r.call('get', route('api.orders.export_cbl', { id: made.body.id }))
    exported.assertStatus(200)
    assert.match(exported.header('content-type') ?? '', /^application\/xml/)
    const text = exported.text()
    assert.include(text, '<Database Name="cv" Series="18023" Issue="105760" />')

    const again = await upload('', text)
    assert.equal(again.status, 201)
    assert.deepEqual(
      again.body.entries.map((e: { issue_id: number }) => e.issue_id),
      made.body.entries.map((e: { issue_id: number }) => e.issue_id),
      'the export imports back to the same issues'
    )
    assert.equal(again.body.issues_added, 0)

    // A document type is refused and never expanded; nothing changes
    const kept = await orderPileOf(r.user.id)
    const bomb = await upload(
      '',
      `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><ReadingList><Name>&b;</Name></ReadingList>`
    )
    assert.equal(bomb.status, 422)
    assert.match(bomb.body.errors[0].message, /document type/)
    assert.deepEqual(await orderPileOf(r.user.id), kept)
  })

  test('a CBL file is read in the encoding it names; bytes not of it are refused on file, nothing changed', async ({
    client,
    assert,
  }) => {
    const { r } = await readerWithPile(client)
    const list = (name: string, declaration = '') =>
      `${declaration}<ReadingList><Name>${name}</Name><Books><Book Series="${name}" Number="1"/></Books></ReadingList>`
    const send = async (bytes: Buffer, asFile = true) => {
      const response = await fetch(`${BASE_URL}${route('api.orders.import')}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${r.token}`,
          ...(asFile ? {} : { 'content-type': 'application/xml' }),
        },
        body: asFile
          ? (() => {
              const form = new FormData()
              form.append('file', new Blob([new Uint8Array(bytes)]), 'list.cbl')
              return form
            })()
          : new Uint8Array(bytes),
      })
      return { status: response.status, body: await response.json() }
    }

    // An older tool's list in ISO-8859-1, and one in UTF-16 with its byte order mark
    const latin = await send(
      Buffer.from(list('Astérix', '<?xml version="1.0" encoding="ISO-8859-1"?>'), 'latin1')
    )
    assert.equal(latin.status, 201, JSON.stringify(latin.body))
    assert.equal(latin.body.name, 'Astérix')
    assert.equal(latin.body.entries[0].thread_title, 'Astérix')
    const wide = await send(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(list('Blacksad Été'), 'utf16le')])
    )
    assert.equal(wide.status, 201, JSON.stringify(wide.body))
    assert.equal(wide.body.name, 'Blacksad Été')

    // Latin-1 bytes that say nothing (so UTF-8), an encoding unknown here, and a request
    // body of Latin-1 bytes: each refused on the file, the pile as it was
    const before = await orderPileOf(r.user.id)
    const refusals: Array<[Buffer, boolean, RegExp]> = [
      [Buffer.from(list('Lucky Luke né'), 'latin1'), true, /not UTF-8 text/],
      [
        Buffer.from(list('Spirou', '<?xml version="1.0" encoding="x-mac-klingon"?>')),
        true,
        /“x-mac-klingon”, an encoding this app does not read/,
      ],
      [Buffer.from(list('Tintin à', '<?xml version="1.0"?>'), 'latin1'), false, /not UTF-8/],
    ]
    for (const [bytes, asFile, message] of refusals) {
      const refused = await send(bytes, asFile)
      assert.equal(refused.status, 422)
      assert.equal(refused.body.errors[0].field, 'file')
      assert.match(refused.body.errors[0].message, message)
    }
    assert.deepEqual(await orderPileOf(r.user.id), before)
  })

  test('one issue spelled two ways, one series in two cases, a title an export cannot split: no 500, one thread, the same issues back', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const twice = await order(r, {
      name: 'Twice',
      entries: [
        { series: 'Saga', volume: '2006', number: '1' },
        { series: 'Saga (2006)', number: '1' },
        { series: 'Café', number: '1' },
        { series: 'CAFÉ', number: '2' },
      ],
    })
    twice.assertStatus(201)
    assert.deepEqual(twice.body().unreadable, [
      { index: 1, message: 'Saga (2006) #1 is the same issue as entry 1.' },
    ])
    assert.equal(twice.body().threads_created, 2)
    const titles = (await orderPileOf(r.user.id)).threads.map((t) => t.title)
    assert.deepEqual(titles, ['Saga (2006)', 'Café'])

    // A thread titled without the space an import would write exports as its whole title
    const thread = await r.call('post', route('api.threads.store'), {
      title: 'Saga(2012)',
      format: 'Issue',
      issues_remaining: 1,
    })
    await r.call('post', route('api.threads.issues.store', { id: thread.body().id }), {
      numbers: '1-2',
    })
    const made = await order(r, {
      name: 'Unsplit',
      entries: [{ series: 'Saga(2012)', number: '2' }],
    })
    made.assertStatus(201)
    const cbl = (await r.call('get', route('api.orders.export_cbl', { id: made.body().id }))).text()
    assert.include(cbl, 'Series="Saga(2012)" Number="2" />')
    const back = await r.upload(route('api.orders.import'), cbl, 'application/xml')
    const body = await back.json()
    assert.equal(back.status, 201)
    assert.deepEqual(
      body.entries.map((e: { issue_id: number }) => e.issue_id),
      made.body().entries.map((e: { issue_id: number }) => e.issue_id)
    )
  })

  test('the history of the evening tells the orders made, changed and deleted', async ({
    client,
    assert,
  }) => {
    // Given a reader mid-session
    const { r } = await readerWithPile(client)
    const rolled = await r.call('post', route('api.roll.store'))
    const sessionId = rolled.body().session.id

    // When they make, rename and delete an order
    const made = (await order(r, { name: 'Civil War', entries: CIVIL_WAR })).body()
    await r.call('patch', route('api.orders.update', { id: made.id }), { name: 'The war' })
    await r.call('delete', route('api.orders.destroy', { id: made.id }))

    // Then the session's timeline tells each
    const pages = await signedInPages(r.email)
    const said = wordsOf((await pages.get(route('history.show', { id: sessionId }))).html)
    assert.include(said, 'Made the reading order Civil War')
    assert.include(said, 'Changed the reading order The war')
    assert.include(said, 'Deleted the reading order The war')
  })

  test('the JSON export carries the orders; its import brings them back; a replace and its undo keep them exact', async ({
    client,
    assert,
  }) => {
    // Given a reader with an order
    const { r } = await readerWithPile(client)
    const made = (await order(r, { name: 'Civil War', mode: 'strict', entries: CIVIL_WAR })).body()
    const exported = await r.call('get', route('api.export.json'))
    const file = JSON.parse(exported.text())
    assert.deepEqual(
      file.orders.map((o: { name: string; mode: string; entries: unknown[] }) => [
        o.name,
        o.mode,
        o.entries.length,
      ]),
      [['Civil War', 'strict', 6]]
    )

    // When another reader imports the file
    const other = await apiReader(client)
    const imported = await other.upload(
      route('api.import.json'),
      exported.text(),
      'application/json'
    )
    assert.equal(imported.status, 200)

    // Then they have the same order: the same entries, by thread title and number
    const [theirs] = (await other.call('get', route('api.orders.index'))).body().data
    const shown = (await other.call('get', route('api.orders.show', { id: theirs.id }))).body()
    const entriesOf = (o: { entries: Array<{ thread_title: string; number: string }> }) =>
      o.entries.map((e) => `${e.thread_title} ${e.number}`)
    assert.deepEqual(entriesOf(shown), entriesOf(made))
    assert.equal(shown.mode, 'strict')

    // When the first reader replaces everything with a file without orders, then undoes it
    const before = await orderPileOf(r.user.id)
    const bare = {
      ...file,
      orders: [],
      threads: file.threads.slice(0, 1),
      sessions: [],
      events: [],
    }
    const replaced = await r.upload(
      `${route('api.import.json')}?mode=replace`,
      JSON.stringify(bare),
      'application/json'
    )
    assert.equal(replaced.status, 200)
    assert.lengthOf((await orderPileOf(r.user.id)).orders, 0)
    await r.call('post', route('api.undo.store')).then((res) => res.assertStatus(200))

    // Then the order is back with its entries, exactly
    assert.deepEqual(await orderPileOf(r.user.id), before)
    const count = await db.from('users').where('id', r.user.id).select('orders_count').first()
    assert.equal(count.orders_count, 1)
  })
})
