import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { apiReader, route, signedInPages } from '#tests/support/accounts'
import { GAP } from '#domain/queue'

type Reader = Awaited<ReturnType<typeof apiReader>>

/** A reader (through the API) whose queue is "T1" … "Tn", 5 issues each; their ids in order. */
async function readerWithQueue(client: ApiClient, n: number) {
  const r = await apiReader(client)
  await db.table('threads').multiInsert(
    Array.from({ length: n }, (_, i) => ({
      user_id: r.user.id,
      title: `T${i + 1}`,
      format: 'Trade',
      issues_remaining: 5,
      sort_key: (i + 1) * GAP,
    }))
  )
  const rows = await db.from('threads').where('user_id', r.user.id).orderBy('sort_key')
  return { r, ids: rows.map((row) => row.id as number) }
}

/** Picks thread `id` by hand: it becomes the pending read. */
const pick = (r: Reader, id: number) =>
  r.call('post', route('api.roll.override'), { thread_id: id })

const sessionOf = async (r: Reader) => (await r.call('get', route('api.session.show'))).body()

const positionOf = async (id: number) => {
  const thread = await db.from('threads').where('id', id).first()
  const { rows } = await db.rawQuery(
    `SELECT count(*)::int AS ahead FROM threads
      WHERE user_id = ? AND status = 'active' AND sort_key < ?`,
    [thread.user_id, thread.sort_key]
  )
  return rows[0].ahead + 1
}

test.group('Snooze', (group) => {
  group.each.setup(() => resetDatabase())

  test('the pending read leaves the pool for the session, keeps its place, moves no die', async ({
    client,
    assert,
  }) => {
    // Given a reader with eight threads whose pending read is T2
    const { r, ids } = await readerWithQueue(client, 8)
    ;(await pick(r, ids[1])).assertStatus(200)
    const before = await db.from('threads').where('id', ids[1]).first()

    // When it is snoozed
    const snoozed = await r.call('post', route('api.roll.snooze'))

    // Then the answer names it, at its place, and the session lists it with nothing pending
    snoozed.assertStatus(200)
    assert.equal(snoozed.body().snoozed.id, ids[1])
    assert.equal(snoozed.body().snoozed.position, 2)
    assert.deepEqual(snoozed.body().session.snoozed, [{ id: ids[1], title: 'T2' }])
    assert.isNull(snoozed.body().session.pending_thread)
    assert.equal(snoozed.body().session.current_die, 6)

    // And it kept its key, its issues; a snoozed event is recorded
    const after = await db.from('threads').where('id', ids[1]).first()
    assert.equal(after.sort_key, before.sort_key)
    assert.equal(after.issues_remaining, 5)
    const events = await db.from('events').where({ user_id: r.user.id, type: 'snoozed' })
    assert.lengthOf(events, 1)
    assert.equal(events[0].thread_id, ids[1])

    // And the pool is the first six others: T7 takes its place
    const session = await sessionOf(r)
    assert.deepEqual(
      session.roll_pool.map((t: any) => t.title),
      ['T1', 'T3', 'T4', 'T5', 'T6', 'T7']
    )
    assert.equal(session.roll_pool_size, 6)
    const queue = (await r.call('get', route('api.queue.index'))).body()
    assert.equal(queue.roll_pool_size, 6)

    // And no roll picks it
    for (let i = 0; i < 25; i++) {
      const rolled = await r.call('post', route('api.roll.store'))
      rolled.assertStatus(200)
      assert.notEqual(rolled.body().thread.id, ids[1])
    }
  })

  test('nothing pending is a 409; bring back, undo, and the next session forget the snooze', async ({
    client,
    assert,
  }) => {
    // Given a reader with eight threads and no pending read
    const { r, ids } = await readerWithQueue(client, 8)
    const none = await r.call('post', route('api.roll.snooze'))
    none.assertStatus(409)
    assert.lengthOf(await db.from('events').where({ user_id: r.user.id }), 0)

    // When T1 is picked and snoozed, then brought back
    await pick(r, ids[0])
    await r.call('post', route('api.roll.snooze'))
    const back = await r.call('delete', route('api.session.snoozes.destroy', { thread_id: ids[0] }))

    // Then it is in the pool again; bringing it back twice is a 404
    back.assertStatus(200)
    assert.deepEqual(back.body().session.snoozed, [])
    assert.equal((await sessionOf(r)).roll_pool[0].id, ids[0])
    const again = await r.call(
      'delete',
      route('api.session.snoozes.destroy', { thread_id: ids[0] })
    )
    again.assertStatus(404)

    // When T3 is picked and snoozed, then the snooze undone
    await pick(r, ids[2])
    await r.call('post', route('api.roll.snooze'))
    ;(await r.call('post', route('api.undo.store'))).assertStatus(200)

    // Then T3 is pending again and nothing is snoozed
    const undone = await sessionOf(r)
    assert.equal(undone.session.pending_thread.id, ids[2])
    assert.deepEqual(undone.session.snoozed, [])

    // When T3 is snoozed and the session finished, then a new one starts
    await r.call('post', route('api.roll.snooze'))
    await r.call('post', route('api.session.finish'))
    await r.call('post', route('api.roll.store'))

    // Then the new session has no snoozes: T3 is in the pool
    const next = await sessionOf(r)
    assert.deepEqual(next.session.snoozed, [])
    assert.include(
      next.roll_pool.map((t: any) => t.id),
      ids[2]
    )
  })

  test('with every thread snoozed, a roll says so and the pool is empty', async ({
    client,
    assert,
  }) => {
    // Given a reader whose two threads are both snoozed
    const { r, ids } = await readerWithQueue(client, 2)
    for (const id of ids) {
      await pick(r, id)
      ;(await r.call('post', route('api.roll.snooze'))).assertStatus(200)
    }

    // When they roll
    const rolled = await r.call('post', route('api.roll.store'))

    // Then it is a 409 that says what to do, and the pool is empty
    rolled.assertStatus(409)
    assert.match(rolled.body().errors[0].message, /Every thread in your queue is snoozed tonight/)
    assert.equal((await sessionOf(r)).roll_pool_size, 0)

    // And the roll page says so, with a way to bring each back
    const html = (await (await signedInPages(r.email)).get(route('roll.show'))).html
    assert.include(html, 'Every thread in your queue is snoozed tonight')
    assert.include(html, 'Bring T1 back tonight')
    assert.include(html, 'Bring T2 back tonight')
  })

  test('racing snoozes snooze once; racing snooze and rate leave one consistent state', async ({
    client,
    assert,
  }) => {
    // Given a reader with a pending read
    const { r, ids } = await readerWithQueue(client, 8)
    await pick(r, ids[0])

    // When five snoozes race
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => r.call('post', route('api.roll.snooze')))
    )

    // Then one snoozed it and the others found nothing pending
    assert.deepEqual(answers.map((a) => a.status()).sort(), [200, 409, 409, 409, 409])
    const session = await db.from('reading_sessions').where('user_id', r.user.id).first()
    assert.deepEqual(session.snoozed_thread_ids, [ids[0]])
    assert.isNull(session.pending_thread_id)

    // When a snooze and a rate race for the next pending read
    await pick(r, ids[1])
    const [snoozed, rated] = await Promise.all([
      r.call('post', route('api.roll.snooze')),
      r.call('post', route('api.rate.store'), { rating: 4 }),
    ])

    // Then exactly one of them applied
    assert.sameMembers([snoozed.status(), rated.status()], [200, 409])
    const state = await db.from('reading_sessions').where('user_id', r.user.id).first()
    const rates = await db.from('events').where({ user_id: r.user.id, type: 'rate' })
    assert.equal(state.snoozed_thread_ids.includes(ids[1]), snoozed.status() === 200)
    assert.lengthOf(rates, rated.status() === 200 ? 1 : 0)
    assert.isNull(state.pending_thread_id)
  })

  test('on the pages: not tonight, the snoozed list, bring back, and the story', async ({
    client,
    assert,
  }) => {
    // Given a reader with a pending read T2, on the roll page
    const { r, ids } = await readerWithQueue(client, 8)
    await pick(r, ids[1])
    const pages = await signedInPages(r.email)
    assert.include((await pages.get(route('roll.show'))).html, 'Not tonight')

    // When "Not tonight" is pressed
    const snoozed = await pages.post(route('roll.snooze'))

    // Then the roll page says so and lists it with a way to bring it back
    const html = (await pages.follow(snoozed)).html
    assert.include(html, 'T2 is snoozed until this session ends.')
    assert.include(html, 'Snoozed tonight')
    assert.notInclude(html, '<span class="pool-title">T2</span>')

    // When it is brought back
    const back = await pages.post(
      `${route('session.snoozes.destroy', { thread_id: ids[1] })}?_method=DELETE`
    )
    assert.include((await pages.follow(back)).html, 'T2 is back in the roll pool.')

    // Then the session's story tells the snooze
    const session = await db.from('reading_sessions').where('user_id', r.user.id).first()
    const story = (await pages.get(route('history.show', { id: session.id }))).html
    assert.include(story, 'Snoozed:</span> T2')
    assert.include(story, 'Snoozed T2 for the night')
    assert.include(story, 'Brought T2 back')
  })
})

test.group('Where a low rating sends a thread', (group) => {
  group.each.setup(() => resetDatabase())

  test('settings are read and changed through the API; bad values are 422 and change nothing', async ({
    client,
    assert,
  }) => {
    // Given a new reader
    const r = await apiReader(client)

    // Then their settings are the defaults, UTC until a zone is named
    const read = await r.call('get', route('api.settings.show'))
    assert.deepEqual(read.body(), {
      session_gap_hours: 6,
      start_die: 6,
      low_rating_placement: 'back',
      time_zone: 'UTC',
    })

    // When bad values are sent
    const bad = await r.call('patch', route('api.settings.update'), {
      low_rating_placement: 'middle',
      time_zone: 'Mars/Olympus',
    })

    // Then each field says why, and nothing changed
    bad.assertStatus(422)
    const fields = bad
      .body()
      .errors.map((e: any) => e.field)
      .sort()
    assert.deepEqual(fields, ['low_rating_placement', 'time_zone'])
    const user = await db.from('users').where('id', r.user.id).first()
    assert.equal(user.low_rating_placement, 'back')
    assert.isNull(user.time_zone)

    // When good ones are sent, one at a time
    await r.call('patch', route('api.settings.update'), { low_rating_placement: 'after_pool' })
    const changed = await r.call('patch', route('api.settings.update'), {
      time_zone: 'America/New_York',
    })

    // Then both stuck, the others untouched
    assert.deepEqual(changed.body(), {
      session_gap_hours: 6,
      start_die: 6,
      low_rating_placement: 'after_pool',
      time_zone: 'America/New_York',
    })
  })

  test('after_pool: a low rating puts the thread right after the next roll’s pool, past snoozes', async ({
    client,
    assert,
  }) => {
    // Given a reader with twelve threads who sends low ratings after the pool
    const { r, ids } = await readerWithQueue(client, 12)
    await r.call('patch', route('api.settings.update'), { low_rating_placement: 'after_pool' })

    // When T1 is read on the d6 and rated 2.0 (the die steps up to d8)
    await pick(r, ids[0])
    const rated = await r.call('post', route('api.rate.store'), { rating: 2 })

    // Then it goes right after the d8's pool: position 9
    rated.assertStatus(200)
    assert.equal(rated.body().queue_move, 'after_pool')
    assert.equal(rated.body().thread.position, 9)
    assert.equal(await positionOf(ids[0]), 9)

    // When T3 is snoozed, and T4 read on the d8 and rated 1.0 (up to d10)
    await pick(r, ids[2])
    await r.call('post', route('api.roll.snooze'))
    await pick(r, ids[3])
    const second = await r.call('post', route('api.rate.store'), { rating: 1 })

    // Then it goes after ten threads that are not snoozed: position 12 (T3 counted past)
    assert.equal(second.body().thread.position, 12)
    assert.equal(await positionOf(ids[3]), 12)
    const event = await db
      .from('events')
      .where({ user_id: r.user.id, type: 'rate', thread_id: ids[3] })
      .first()
    assert.equal(event.queue_move, 'after_pool')
  })

  test('after_pool: past the threads a strict order holds back too', async ({ client, assert }) => {
    // Given twelve threads, and a strict order T12 #1, T2 #1 that holds T2 back
    const { r, ids } = await readerWithQueue(client, 12)
    await r.call('patch', route('api.settings.update'), { low_rating_placement: 'after_pool' })
    const order = await r.call('post', route('api.orders.store'), {
      name: 'Event',
      mode: 'strict',
      entries: [
        { series: 'T12', number: '1' },
        { series: 'T2', number: '1' },
      ],
    })
    order.assertStatus(201)

    // When T1 is read on the d6 and rated 2.0 (the d8's pool is then T3 … T10)
    await pick(r, ids[0])
    assert.deepEqual(
      (await sessionOf(r)).session.held_back.map((thread: { id: number }) => thread.id),
      [ids[1]]
    )
    const rated = await r.call('post', route('api.rate.store'), { rating: 2 })

    // Then it goes right after that pool, T2 counted past: position 10, out of the next pool
    rated.assertStatus(200)
    assert.equal(rated.body().queue_move, 'after_pool')
    assert.equal(await positionOf(ids[0]), 10)
    assert.equal(rated.body().thread.position, 10)
  })

  test('after_pool in a short queue is the back; the rate page says where it goes', async ({
    client,
    assert,
  }) => {
    // Given a reader with five threads who sends low ratings after the pool
    const { r, ids } = await readerWithQueue(client, 5)
    await r.call('patch', route('api.settings.update'), { low_rating_placement: 'after_pool' })
    await pick(r, ids[0])

    // Then the rate page's preview says where a low rating sends it
    const pages = await signedInPages(r.email)
    assert.include(
      (await pages.get(route('rate.show'))).html,
      'Lower: Moves right after the roll pool · die steps up to d8.'
    )

    // When it is rated low with fewer threads than the die
    const rated = await r.call('post', route('api.rate.store'), { rating: 2 })

    // Then it went to the back
    assert.equal(rated.body().queue_move, 'back')
    assert.equal(rated.body().thread.position, 5)
  })

  test('the account page sets it; a completed thread picked by hand is a 409', async ({
    client,
    assert,
  }) => {
    // Given a reader on the account page
    const { r, ids } = await readerWithQueue(client, 3)
    const pages = await signedInPages(r.email)
    assert.include((await pages.get(route('account.show'))).html, 'Right after the roll pool')

    // When they choose "after the pool"
    await pages.post(`${route('account.settings.update')}?_method=PUT`, {
      session_gap_hours: 6,
      start_die: 6,
      low_rating_placement: 'after_pool',
    })

    // Then it is their setting
    const user = await db.from('users').where('id', r.user.id).first()
    assert.equal(user.low_rating_placement, 'after_pool')

    // And picking a completed thread of theirs is a conflict, not a 404
    await db.from('threads').where('id', ids[2]).update({ sort_key: null })
    const picked = await pick(r, ids[2])
    picked.assertStatus(409)
    assert.match(picked.body().errors[0].message, /completed/)
  })
})

test.group("The die's faces are the pool's numbers", (group) => {
  group.each.setup(() => resetDatabase())

  test('after a snooze the pool reads faces 1…N and a roll of k picks face k', async ({
    client,
    assert,
  }) => {
    // Given seven threads on a d6, with T2 snoozed: the pool is T1, T3 … T7
    const { r, ids } = await readerWithQueue(client, 7)
    ;(await pick(r, ids[1])).assertStatus(200)
    ;(await r.call('post', route('api.roll.snooze'))).assertStatus(200)
    const pool = (await sessionOf(r)).roll_pool as { id: number; position: number }[]
    assert.deepEqual(
      pool.map((thread) => thread.id),
      [ids[0], ...ids.slice(2)]
    )
    assert.deepEqual(
      pool.map((thread) => thread.position),
      [1, 3, 4, 5, 6, 7]
    )

    // Then every roll's face k is entry k of the pool
    const faces = new Set<number>()
    for (let roll = 0; roll < 30 && faces.size < 6; roll += 1) {
      const rolled = await r.call('post', route('api.roll.store'))
      rolled.assertStatus(200)
      faces.add(rolled.body().result)
      assert.equal(rolled.body().thread.id, pool[rolled.body().result - 1].id)
    }
    assert.isAbove(faces.size, 1)

    // And the roll page numbers the pool 1…6, naming the queue position where it differs
    const pages = await signedInPages(r.email)
    const html = (await pages.get(route('roll.show'))).html
    const rows = [
      ...html.matchAll(
        /<span class="face"><span class="visually-hidden">Face <\/span>(\d+)<\/span>\s*<span class="pool-title">([^<]+)<\/span>(\s*<span class="muted small pool-position">#(\d+) in queue<\/span>)?/g
      ),
    ].map((match) => [Number(match[1]), match[2], match[4] ? Number(match[4]) : null])
    assert.deepEqual(rows, [
      [1, 'T1', null],
      [2, 'T3', 3],
      [3, 'T4', 4],
      [4, 'T5', 5],
      [5, 'T6', 6],
      [6, 'T7', 7],
    ])
    assert.include(html.replace(/<[^>]+>/g, ''), 'faces of the d6')
  })
})
