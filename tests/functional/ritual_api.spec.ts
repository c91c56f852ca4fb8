import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase, count } from '#tests/support/database'
import { registerReader, route } from '#tests/support/accounts'
import type { ApiClient } from '@japa/api-client'

async function reader(client: ApiClient) {
  const { token, user } = await registerReader(client)
  const auth = <T extends ReturnType<ApiClient['get']>>(request: T) =>
    request.header('authorization', `Bearer ${token}`) as T
  return {
    user,
    get: (path: string) => auth(client.get(path)),
    post: (path: string, body: Record<string, any> = {}) =>
      auth(client.post(path)).json(body as never),
    patch: (path: string, body: Record<string, any>) =>
      auth(client.patch(path)).json(body as never),
    delete: (path: string) => auth(client.delete(path)),
  }
}
type Reader = Awaited<ReturnType<typeof reader>>

async function addThreads(r: Reader, titles: string[], issues = 5) {
  const ids: number[] = []
  for (const title of titles) {
    const response = await r.post(route('api.threads.store'), {
      title,
      format: 'Trade',
      issues_remaining: issues,
      at: 'bottom',
    })
    response.assertStatus(201)
    ids.push(response.body().id)
  }
  return ids
}

async function queueTitles(r: Reader) {
  const response = await r.get(route('api.queue.index'))
  return (response.body().data as Array<{ title: string; position: number }>).map(
    (t) => `${t.position}:${t.title}`
  )
}

/**
 * The queue as the API lists it holds every active thread once, at positions 1..n, and
 * nothing else (a key of the index must never be lost or doubled by a move, a race or
 * an undo).
 */
async function assertQueueWhole(assert: any, r: Reader) {
  const listed: Array<{ id: number; position: number }> = []
  let cursor: string | null = null
  do {
    const page: any = (
      await r.get(route('api.queue.index', {}, { per_page: 3, cursor: cursor || undefined }))
    ).body()
    listed.push(...page.data)
    cursor = page.meta.next_cursor
  } while (cursor)
  const active = await db.from('threads').where({ user_id: r.user.id, status: 'active' })
  assert.deepEqual(
    listed.map((t) => t.position),
    Array.from({ length: active.length }, (_, i) => i + 1)
  )
  assert.sameMembers(
    listed.map((t) => t.id),
    active.map((t) => t.id)
  )
}

test.group('API: threads and queue', (group) => {
  group.each.setup(() => resetDatabase())

  test('a new thread goes to the top unless asked for the bottom', async ({ client, assert }) => {
    const r = await reader(client)
    await addThreads(r, ['A', 'B'])
    const top = await r.post(route('api.threads.store'), {
      title: 'C',
      format: 'Issue',
      issues_remaining: 2,
      user_id: 999,
      position: 9,
      id: 5,
    })
    top.assertStatus(201)
    assert.equal(top.body().position, 1)
    assert.deepEqual(await queueTitles(r), ['1:C', '2:A', '3:B'])
    assert.equal(await count('threads', { user_id: r.user.id }), 3)
  })

  test('invalid threads are 422 with field errors and nothing is stored', async ({
    client,
    assert,
  }) => {
    const r = await reader(client)
    for (const body of [
      { title: '', format: 'Trade', issues_remaining: 1 },
      { title: 'x'.repeat(201), format: 'Trade', issues_remaining: 1 },
      { title: 'T', format: '', issues_remaining: 1 },
      { title: 'T', format: 'Trade', issues_remaining: -1 },
      { title: 'T', format: 'Trade', issues_remaining: 100001 },
      { title: 'T', format: 'Trade', issues_remaining: 1.5 },
      { title: 'T', format: 'Trade', issues_remaining: 1, review_url: 'javascript:alert(1)' },
      { title: 'T', format: 'Trade', issues_remaining: 1, at: 'middle' },
    ]) {
      const response = await r.post(route('api.threads.store'), body)
      response.assertStatus(422)
      assert.isString(response.body().errors[0].field)
    }
    assert.equal(await count('threads'), 0)
  })

  test('front, back and position moves keep positions 1..n and record reorder events', async ({
    client,
    assert,
  }) => {
    const r = await reader(client)
    const [a, , c, d] = await addThreads(r, ['A', 'B', 'C', 'D'])
    ;(await r.post(route('api.queue.front', { id: d }))).assertStatus(200)
    assert.deepEqual(await queueTitles(r), ['1:D', '2:A', '3:B', '4:C'])
    ;(await r.post(route('api.queue.back', { id: d }))).assertStatus(200)
    assert.deepEqual(await queueTitles(r), ['1:A', '2:B', '3:C', '4:D'])
    const moved = await r.post(route('api.queue.position', { id: a }), { position: 3 })
    assert.equal(moved.body().position, 3)
    assert.deepEqual(await queueTitles(r), ['1:B', '2:C', '3:A', '4:D'])
    assert.equal(
      (await r.post(route('api.queue.position', { id: c }), { position: 99 })).body().position,
      4
    )
    ;(await r.post(route('api.queue.position', { id: c }), { position: 0 })).assertStatus(422)
    assert.equal(await count('events', { type: 'reorder' }), 4)
  })

  test("the database keeps a thread's state once: status is generated from the queue key", async ({
    client,
    assert,
  }) => {
    const r = await reader(client)
    const [a, b] = await addThreads(r, ['A', 'B'])
    // Nothing can write the state apart from the key
    await assert.rejects(() => db.from('threads').where('id', a).update({ status: 'completed' }))
    const row = await db.from('threads').where('id', a).first()
    assert.equal(row.status, 'active')
    assert.isNotNull(row.sort_key)
    // And a row without a key reads as completed, in the table and through the API
    await db.from('threads').where('id', b).update({ sort_key: null })
    assert.equal((await db.from('threads').where('id', b).first()).status, 'completed')
    assert.equal((await r.get(route('api.threads.show', { id: b }))).body().status, 'completed')
    await db.from('threads').where('id', b).update({ sort_key: 2048 })
    assert.equal((await r.get(route('api.threads.show', { id: b }))).body().status, 'active')
    // Finishing A takes it out of the ranks: B is first, and a move to the back stays 1 of 1.
    ;(await r.patch(route('api.threads.update', { id: a }), { issues_remaining: 0 })).assertStatus(
      200
    )
    assert.equal((await r.post(route('api.queue.back', { id: b }))).body().position, 1)
    assert.deepEqual(await queueTitles(r), ['1:B'])
  })

  test('many moves between the same neighbours renumber and stay contiguous', async ({
    client,
    assert,
  }) => {
    // Given three threads whose middle keys close in under 25 moves to position 2
    const r = await reader(client)
    const ids = await addThreads(r, ['A', 'B', 'C'])
    for (let i = 0; i < 25; i++)
      await r.post(route('api.queue.position', { id: ids[i % 3] }), { position: 2 })
    // When the first thread goes to second, again and again (the keys close in until they
    // are renumbered in the middle of a move of the first thread)
    // Then it always lands second, and the queue stays whole
    for (let i = 0; i < 25; i++) {
      const [first] = (await r.get(route('api.queue.index'))).body().data
      const moved = await r.post(route('api.queue.position', { id: first.id }), { position: 2 })
      assert.equal(moved.body().position, 2)
      assert.equal((await queueTitles(r))[1], `2:${first.title}`)
    }
    const titles = await queueTitles(r)
    assert.deepEqual(
      titles.map((t) => t.split(':')[0]),
      ['1', '2', '3']
    )
    await assertQueueWhole(assert, r)
  })

  test('issues to 0 completes; above 0 reactivates at the front; reactivate needs a completed thread', async ({
    client,
    assert,
  }) => {
    const r = await reader(client)
    const [a, b] = await addThreads(r, ['A', 'B'])
    const done = await r.patch(route('api.threads.update', { id: b }), { issues_remaining: 0 })
    assert.equal(done.body().status, 'completed')
    assert.isNull(done.body().position)
    ;(await r.post(route('api.threads.reactivate', { id: a }), { issues_to_add: 2 })).assertStatus(
      409
    )
    ;(await r.post(route('api.threads.reactivate', { id: b }), { issues_to_add: 0 })).assertStatus(
      422
    )
    const back = await r.post(route('api.threads.reactivate', { id: b }), { issues_to_add: 3 })
    assert.equal(back.body().position, 1)
    assert.equal(back.body().issues_remaining, 3)
    const cleared = await r.patch(route('api.threads.update', { id: a }), {
      notes: 'x',
      review_url: 'https://example.com/r',
    })
    assert.equal(cleared.body().review_url, 'https://example.com/r')
    assert.isNull(
      (await r.patch(route('api.threads.update', { id: a }), { review_url: null })).body()
        .review_url
    )
  })

  test("another reader's threads answer 404 and stay unchanged", async ({ client, assert }) => {
    const owner = await reader(client)
    const [id] = await addThreads(owner, ['Mine'])
    const other = await reader(client)
    ;(await other.get(route('api.threads.show', { id }))).assertStatus(404)
    ;(await other.patch(route('api.threads.update', { id }), { title: 'Stolen' })).assertStatus(404)
    ;(await other.delete(route('api.threads.destroy', { id }))).assertStatus(404)
    ;(await other.post(route('api.queue.front', { id }))).assertStatus(404)
    ;(await other.post(route('api.queue.position', { id }), { position: 1 })).assertStatus(404)
    ;(await other.post(route('api.threads.reactivate', { id }), { issues_to_add: 1 })).assertStatus(
      404
    )
    ;(await other.post(route('api.roll.override'), { thread_id: id })).assertStatus(404)
    assert.deepEqual((await other.get(route('api.threads.index'))).body().data, [])
    const row = await db.from('threads').where('id', id).first()
    assert.equal(row.title, 'Mine')
    assert.equal(await count('events', { user_id: other.user.id }), 0)
  })
})

test.group('API: session, roll and rate', (group) => {
  group.each.setup(() => resetDatabase())

  test('reading the session never creates one; rolling with no threads is a 409', async ({
    client,
    assert,
  }) => {
    const r = await reader(client)
    const state = await r.get(route('api.session.show'))
    assert.deepEqual(state.body(), {
      session: null,
      current_die: 6,
      roll_pool: [],
      roll_pool_size: 0,
    })
    const roll = await r.post(route('api.roll.store'))
    roll.assertStatus(409)
    assert.match(roll.body().errors[0].message, /Nothing to roll/)
    assert.equal(await count('reading_sessions'), 0)
  })

  test('roll picks from the top N by the die and makes it the pending read', async ({
    client,
    assert,
  }) => {
    const r = await reader(client)
    const ids = await addThreads(r, ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'])
    for (let i = 0; i < 12; i++) {
      const roll = await r.post(route('api.roll.store'))
      roll.assertStatus(200)
      assert.equal(roll.body().die, 6)
      assert.isAtLeast(roll.body().result, 1)
      assert.isAtMost(roll.body().result, 6)
      assert.include(ids.slice(0, 6), roll.body().thread.id)
      assert.equal(roll.body().session.pending_thread.id, roll.body().thread.id)
    }
    assert.equal(await count('reading_sessions'), 1)
    assert.equal(await count('events', { type: 'roll' }), 12)
    assert.equal(await count('events', { type: 'rolled_but_skipped' }), 11)
  })

  test('a good rating moves the thread to the front and the die down; a meh one back and up', async ({
    client,
    assert,
  }) => {
    const r = await reader(client)
    await addThreads(r, ['A', 'B', 'C'])
    const first = (await r.post(route('api.roll.store'))).body().thread
    const good = await r.post(route('api.rate.store'), { rating: 4.5, issues_read: 2 })
    good.assertStatus(200)
    assert.equal(good.body().die_before, 6)
    assert.equal(good.body().die_after, 4)
    assert.equal(good.body().queue_move, 'front')
    assert.equal(good.body().thread.position, 1)
    assert.equal(good.body().thread.issues_remaining, 3)
    assert.equal(good.body().thread.id, first.id)
    assert.deepEqual(good.body().session.ladder_path, [6, 4])
    assert.isNull(good.body().session.pending_thread)

    await r.post(route('api.roll.store'))
    const meh = await r.post(route('api.rate.store'), { rating: 2 })
    assert.equal(meh.body().die_before, 4)
    assert.equal(meh.body().die_after, 6)
    assert.equal(meh.body().thread.position, 3)
    assert.deepEqual(meh.body().session.ladder_path, [6, 4, 6])
  })

  test('rating with nothing pending is 409; bad ratings are 422; nothing changes', async ({
    client,
    assert,
  }) => {
    const r = await reader(client)
    await addThreads(r, ['A'])
    ;(await r.post(route('api.rate.store'), { rating: 4 })).assertStatus(409)
    await r.post(route('api.roll.store'))
    for (const body of [
      { rating: 4.2 },
      { rating: 6 },
      { rating: 0 },
      { rating: 'good' },
      { rating: 4, issues_read: 0 },
      {},
    ]) {
      ;(await r.post(route('api.rate.store'), body)).assertStatus(422)
    }
    assert.equal(await count('events', { type: 'rate' }), 0)
    const thread = await db.from('threads').first()
    assert.equal(thread.issues_remaining, 5)
  })

  test('reading the last issues completes the thread; issues read never go below 0', async ({
    client,
    assert,
  }) => {
    const r = await reader(client)
    await addThreads(r, ['A'], 2)
    await r.post(route('api.roll.store'))
    const rated = await r.post(route('api.rate.store'), { rating: 5, issues_read: 10 })
    assert.isTrue(rated.body().completed)
    assert.equal(rated.body().thread.status, 'completed')
    assert.equal(rated.body().thread.issues_remaining, 0)
    assert.isNull(rated.body().queue_move)
    assert.deepEqual((await r.get(route('api.queue.index'))).body().data, [])
  })

  test('skip and override: skipped reads are recorded, override is a roll with method override', async ({
    client,
    assert,
  }) => {
    const r = await reader(client)
    const ids = await addThreads(r, ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'])
    ;(await r.post(route('api.roll.skip'))).assertStatus(409)
    await r.post(route('api.roll.store'))
    const skipped = await r.post(route('api.roll.skip'))
    skipped.assertStatus(200)
    assert.isNull(skipped.body().session.pending_thread)
    const chosen = await r.post(route('api.roll.override'), { thread_id: ids[7] })
    chosen.assertStatus(200)
    assert.isNull(chosen.body().result)
    assert.equal(chosen.body().thread.id, ids[7])
    const rated = await r.post(route('api.rate.store'), { rating: 3 })
    assert.equal(rated.body().die_after, 8)
    const override = await db
      .from('events')
      .where({ type: 'roll', selection_method: 'override' })
      .first()
    assert.equal(override.thread_title, 'H')
  })

  test('a manual die is used for the next roll, and the ladder steps from it', async ({
    client,
    assert,
  }) => {
    const r = await reader(client)
    await addThreads(
      r,
      Array.from({ length: 25 }, (_, i) => `T${i}`)
    )
    ;(await r.post(route('api.session.die.store'), { die: 7 })).assertStatus(422)
    const set = await r.post(route('api.session.die.store'), { die: 20 })
    assert.equal(set.body().session.manual_die, 20)
    assert.equal((await r.get(route('api.session.show'))).body().roll_pool.length, 20)
    assert.equal((await r.post(route('api.roll.store'))).body().die, 20)
    const rated = await r.post(route('api.rate.store'), { rating: 4 })
    assert.equal(rated.body().die_before, 20)
    assert.equal(rated.body().die_after, 12)
    assert.isNull(rated.body().session.manual_die)
    await r.post(route('api.session.die.store'), { die: 4 })
    const cleared = await r.delete(route('api.session.die.destroy'))
    assert.isNull(cleared.body().session.manual_die)
    assert.equal(cleared.body().session.current_die, 12)
  })

  test('finish ends the session; the next activity starts a new one at d6', async ({
    client,
    assert,
  }) => {
    const r = await reader(client)
    await addThreads(r, ['A', 'B'])
    ;(await r.post(route('api.session.finish'))).assertStatus(409)
    await r.post(route('api.roll.store'))
    const rated = await r.post(route('api.rate.store'), { rating: 5, finish_session: true })
    assert.isNotNull(rated.body().session.ended_at)
    assert.isNull((await r.get(route('api.session.show'))).body().session)
    const next = await r.post(route('api.roll.store'))
    assert.equal(next.body().die, 6)
    assert.notEqual(next.body().session.id, rated.body().session.id)
  })

  test('after the gap without activity, the next activity starts a new session', async ({
    client,
    assert,
  }) => {
    const r = await reader(client)
    await addThreads(r, ['A', 'B'])
    const first = (await r.post(route('api.roll.store'))).body().session
    await db
      .from('reading_sessions')
      .where('id', first.id)
      .update({ last_activity_at: new Date(Date.now() - 7 * 3600 * 1000) })
    assert.isNull((await r.get(route('api.session.show'))).body().session)
    const rated = await r.post(route('api.rate.store'), { rating: 4 })
    rated.assertStatus(200)
    assert.notEqual(rated.body().session.id, first.id)
    assert.deepEqual(rated.body().session.ladder_path, [6, 4])
    const old = await db.from('reading_sessions').where('id', first.id).first()
    assert.isNotNull(old.ended_at)
  })

  test('racing requests: parallel rates apply once, parallel moves stay contiguous, one session', async ({
    client,
    assert,
  }) => {
    // Given a reader with ten threads
    const r = await reader(client)
    const ids = await addThreads(
      r,
      Array.from({ length: 10 }, (_, i) => `T${i}`)
    )
    // When five rolls, then five rates, then twenty moves race each other
    // Then one session exists, one rate applies, and the queue stays whole
    const rolls = await Promise.all(
      Array.from({ length: 5 }, () => r.post(route('api.roll.store')))
    )
    rolls.forEach((roll) => roll.assertStatus(200))
    assert.equal(await count('reading_sessions'), 1)

    const rates = await Promise.all(
      Array.from({ length: 5 }, () => r.post(route('api.rate.store'), { rating: 4 }))
    )
    assert.equal(rates.filter((x) => x.status() === 200).length, 1)
    assert.equal(rates.filter((x) => x.status() === 409).length, 4)
    assert.equal(await count('events', { type: 'rate' }), 1)
    assert.deepEqual((await r.get(route('api.session.show'))).body().session.ladder_path, [6, 4])

    await Promise.all(
      ids.map((id, i) => r.post(route(i % 2 ? 'api.queue.front' : 'api.queue.back', { id })))
    )
    await Promise.all(
      ids.map((id, i) => r.post(route('api.queue.position', { id }), { position: (i % 4) + 2 }))
    )
    const positions = (await r.get(route('api.queue.index')))
      .body()
      .data.map((t: { position: number }) => t.position)
    assert.deepEqual(
      positions,
      Array.from({ length: 10 }, (_, i) => i + 1)
    )
    await assertQueueWhole(assert, r)
  })

  test('undos racing rolls and rates: never a 5xx, at most one open session, state consistent', async ({
    client,
    assert,
  }) => {
    // Given a reader with eight threads
    const r = await reader(client)
    await addThreads(
      r,
      Array.from({ length: 8 }, (_, i) => `T${i}`)
    )
    // When rolls, rates and undos race for six rounds
    // Then no answer is a 5xx, one session at most is open, and the state holds together
    for (let round = 0; round < 6; round++) {
      const answers = await Promise.all([
        r.post(route('api.roll.store')),
        r.post(route('api.undo.store')),
        r.post(route('api.roll.store')),
        r.post(route('api.rate.store'), { rating: 4 }),
        r.post(route('api.undo.store')),
        r.post(route('api.roll.store')),
      ])
      for (const answer of answers) assert.oneOf(answer.status(), [200, 409])
      assert.isAtMost(await count('reading_sessions', { user_id: r.user.id, ended_at: null }), 1)
    }
    const session = await r.get(route('api.session.show'))
    session.assertStatus(200)
    const pendingId = session.body().session?.pending_thread?.id
    if (pendingId) {
      const pending = await db.from('threads').where({ id: pendingId, user_id: r.user.id }).first()
      assert.equal(pending.status, 'active')
    }
    await assertQueueWhole(assert, r)
  })
})

test.group('Reader settings', (group) => {
  group.each.setup(() => resetDatabase())

  test('the start die and session gap come from the account page', async ({ client, assert }) => {
    const r = await reader(client)
    const { PageClient } = await import('#tests/support/browserless_client')
    const { signedInPages } = await import('#tests/support/accounts')
    const pages: InstanceType<typeof PageClient> = await signedInPages(r.user.email)
    await pages.get(route('account.show'))
    const refused = await pages.post(route('account.settings.update', {}, { _method: 'PUT' }), {
      session_gap_hours: 0,
      start_die: 7,
    })
    assert.equal(refused.status, 422)
    assert.include(refused.html, 'Enter a number from 1 to 168.')
    const user = await db.from('users').where('id', r.user.id).first()
    assert.isNull(user.start_die)

    await pages.post(route('account.settings.update', {}, { _method: 'PUT' }), {
      session_gap_hours: 2,
      start_die: 10,
    })
    await addThreads(r, ['A'])
    assert.equal((await r.get(route('api.session.show'))).body().current_die, 10)
    const first = (await r.post(route('api.roll.store'))).body()
    assert.equal(first.die, 10)
    await db
      .from('reading_sessions')
      .where('id', first.session.id)
      .update({ last_activity_at: new Date(Date.now() - 3 * 3600 * 1000) })
    assert.notEqual((await r.post(route('api.roll.store'))).body().session.id, first.session.id)
  })
})

test.group('Staleness, deletion and coming back', (group) => {
  group.each.setup(() => resetDatabase())

  test('stale threads, most idle first, with days idle; days is validated', async ({
    client,
    assert,
  }) => {
    const r = await reader(client)
    const [a, b, c] = await addThreads(r, ['Fresh', 'Old', 'Older'])
    const daysAgo = (days: number) => new Date(Date.now() - days * 86400_000)
    await db
      .from('threads')
      .where('id', b)
      .update({ last_activity_at: daysAgo(10), created_at: daysAgo(60) })
    await db
      .from('threads')
      .where('id', c)
      .update({ last_activity_at: daysAgo(47), created_at: daysAgo(60) })
    const stale = await r.get(route('api.threads.stale'))
    assert.deepEqual(
      stale.body().data.map((t: { title: string; days_idle: number }) => [t.title, t.days_idle]),
      [
        ['Older', 47],
        ['Old', 10],
      ]
    )
    assert.lengthOf((await r.get(route('api.threads.stale', {}, { days: 30 }))).body().data, 1)
    ;(await r.get(route('api.threads.stale', {}, { days: 0 }))).assertStatus(422)
    ;(await r.get(route('api.threads.stale', {}, { days: 'abc' }))).assertStatus(422)
    assert.isNumber(a)
    const { signedInPages } = await import('#tests/support/accounts')
    const pages = await signedInPages(r.user.email)
    assert.include((await pages.get(route('roll.show'))).html, 'Not touched in 47 days')
  })

  test('coming back to a pending read; old bookmarks redirect', async ({ client, assert }) => {
    const r = await reader(client)
    await addThreads(r, ['Hellboy'])
    await r.post(route('api.roll.store'))
    const { signedInPages } = await import('#tests/support/accounts')
    const pages = await signedInPages(r.user.email)
    const roll = await pages.get(route('roll.show'))
    assert.include(roll.html, 'You were about to read')
    assert.include(roll.html, 'Hellboy')
    assert.equal((await pages.get(route('legacy.react'))).location, route('roll.show'))
    assert.equal(
      (await pages.get(route('legacy.react_any', { '*': ['queue', 5] }))).location,
      route('roll.show')
    )
  })

  test('history stays readable after a thread is deleted', async ({ client, assert }) => {
    const r = await reader(client)
    const [id] = await addThreads(r, ['Gone soon'])
    await r.post(route('api.roll.store'))
    const rated = await r.post(route('api.rate.store'), { rating: 4 })
    ;(await r.delete(route('api.threads.destroy', { id }))).assertStatus(204)
    const detail = await r.get(route('api.sessions.show', { id: rated.body().session.id }))
    assert.deepEqual(detail.body().reads, [
      { thread_id: null, title: 'Gone soon', rating: 4, issues_read: 1 },
    ])
    assert.deepEqual(
      detail.body().events.map((e: { thread_title: string }) => e.thread_title),
      ['Gone soon', 'Gone soon']
    )
  })
})
