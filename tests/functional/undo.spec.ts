import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import { resetDatabase, count } from '#tests/support/database'
import { apiReader, route } from '#tests/support/accounts'

const reader = (client: ApiClient) => apiReader(client)

/** Everything undo must restore: threads (with queue positions), sessions, die, pending read, ladder. */
async function fingerprint(userId: number) {
  const threads = await db
    .from('threads')
    .where('user_id', userId)
    .orderBy('id')
    .select(
      'id',
      'title',
      'format',
      'issues_remaining',
      'status',
      'notes',
      'review_url',
      'last_rating',
      'last_activity_at',
      'issues_total',
      'next_issue'
    )
  const issues = await db
    .from('issues')
    .where('user_id', userId)
    .orderBy('id')
    .select('id', 'thread_id', 'number', 'ordinal', 'read_at', 'external_ids')
  const ranks = await db.rawQuery(
    `SELECT id, row_number() OVER (ORDER BY sort_key) AS position FROM threads WHERE user_id = ? AND status = 'active'`,
    [userId]
  )
  const positions = Object.fromEntries(
    ranks.rows.map((r: { id: number; position: string }) => [r.id, Number(r.position)])
  )
  const sessions = await db
    .from('reading_sessions')
    .where('user_id', userId)
    .orderBy('id')
    .select(
      'id',
      'ended_at',
      'current_die',
      'manual_die',
      'pending_thread_id',
      'pending_by_hand',
      'pending_issue_id',
      'snoozed_thread_ids',
      'start_die',
      'filter_include',
      'filter_exclude',
      'filter_include_keys',
      'filter_exclude_keys'
    )
  const orders = await db
    .from('reading_orders')
    .where('user_id', userId)
    .orderBy('id')
    .select('id', 'name', 'mode', 'created_at', 'updated_at')
  const entries = await db
    .from('order_entries')
    .where('user_id', userId)
    .orderBy('id')
    .select('id', 'order_id', 'position', 'issue_id')
  const ladders = await db
    .from('events')
    .where({ user_id: userId, type: 'rate', undone: false })
    .orderBy('id')
    .select('session_id', 'die_after')
  return {
    orders,
    entries,
    threads: threads.map((t) => ({ ...t, position: positions[t.id] ?? null })),
    sessions,
    ladders,
    issues,
  }
}

test.group('Undo', (group) => {
  group.each.setup(() => resetDatabase())

  test('undo of each action kind restores the exact prior state', async ({ client, assert }) => {
    const { user, call, upload } = await reader(client)
    for (const title of ['A', 'B', 'C', 'D'])
      await call('post', route('api.threads.store'), {
        title,
        format: 'Trade',
        issues_remaining: title === 'D' ? 5 : 3,
        at: 'bottom',
      })
    const ids = (await call('get', route('api.threads.index')))
      .body()
      .data.map((t: { id: number }) => t.id)

    const positionOf = async (id: number) =>
      (await call('get', route('api.threads.show', { id }))).body().position as number
    const actions: Array<[string, () => Promise<unknown>]> = [
      ['roll', () => call('post', route('api.roll.store'))],
      [
        'rate',
        async () =>
          (
            await call('post', route('api.rate.store'), { rating: 4.5, issues_read: 2 })
          ).assertStatus(200),
      ],
      ['reroll', () => call('post', route('api.roll.store'))],
      ['skip', () => call('post', route('api.roll.skip'))],
      ['roll to snooze', () => call('post', route('api.roll.store'))],
      ['snooze', async () => (await call('post', route('api.roll.snooze'))).assertStatus(200)],
      [
        'bring back',
        async () => {
          const [snoozed] = (await call('get', route('api.session.show'))).body().session.snoozed
          ;(
            await call('delete', route('api.session.snoozes.destroy', { thread_id: snoozed.id }))
          ).assertStatus(200)
        },
      ],
      [
        'a pick, low ratings sent after the pool',
        async () => {
          await call('patch', route('api.settings.update'), { low_rating_placement: 'after_pool' })
          // The active thread with the most issues left: a one-issue read leaves it active.
          const active = (await call('get', route('api.queue.index'))).body().data
          const most = active.reduce((a: any, b: any) =>
            b.issues_remaining > a.issues_remaining ? b : a
          )
          ;(await call('post', route('api.roll.override'), { thread_id: most.id })).assertStatus(
            200
          )
        },
      ],
      [
        'a low rating after the pool',
        async () =>
          (await call('post', route('api.rate.store'), { rating: 1, issues_read: 1 })).assertStatus(
            200
          ),
      ],
      ['override', () => call('post', route('api.roll.override'), { thread_id: ids[3] })],
      [
        'completing rate',
        async () =>
          (
            await call('post', route('api.rate.store'), { rating: 2, issues_read: 100 })
          ).assertStatus(200),
      ],
      [
        'reactivate',
        () => call('post', route('api.threads.reactivate', { id: ids[3] }), { issues_to_add: 2 }),
      ],
      ['die change', () => call('post', route('api.session.die.store'), { die: 12 })],
      ['back to the ladder', () => call('delete', route('api.session.die.destroy'))],
      [
        'narrow tonight’s roll',
        async () =>
          (
            await call('post', route('api.session.filter.store'), {
              include: ['Horror'],
              exclude: ['capes'],
            })
          ).assertStatus(200),
      ],
      [
        'clear the filter',
        async () => (await call('delete', route('api.session.filter.destroy'))).assertStatus(200),
      ],
      [
        'add issues',
        async () =>
          (
            await call('post', route('api.threads.issues.store', { id: ids[0] }), {
              numbers: '1-4, Annual 1',
            })
          ).assertStatus(201),
      ],
      [
        'mark an issue read',
        async () => {
          const issues = (
            await call('get', route('api.threads.issues.index', { id: ids[0] }))
          ).body().data
          ;(await call('post', route('api.issues.read', { id: issues[0].id }))).assertStatus(200)
        },
      ],
      [
        'mark it unread',
        async () => {
          const issues = (
            await call('get', route('api.threads.issues.index', { id: ids[0] }))
          ).body().data
          ;(await call('delete', route('api.issues.unread', { id: issues[0].id }))).assertStatus(
            200
          )
        },
      ],
      [
        'delete an issue',
        async () => {
          const issues = (
            await call('get', route('api.threads.issues.index', { id: ids[0] }))
          ).body().data
          ;(
            await call('delete', route('api.issues.destroy', { id: issues.at(-1).id }))
          ).assertStatus(204)
        },
      ],
      [
        'pick a listed thread',
        async () =>
          (await call('post', route('api.roll.override'), { thread_id: ids[0] })).assertStatus(200),
      ],
      [
        'rate a listed thread',
        async () =>
          (await call('post', route('api.rate.store'), { rating: 4, issues_read: 2 })).assertStatus(
            200
          ),
      ],
      [
        'move front or back',
        async () =>
          call(
            'post',
            route((await positionOf(ids[2])) === 1 ? 'api.queue.back' : 'api.queue.front', {
              id: ids[2],
            })
          ),
      ],
      [
        'move to a position',
        async () =>
          call('post', route('api.queue.position', { id: ids[0] }), {
            position: (await positionOf(ids[0])) === 2 ? 1 : 2,
          }),
      ],
      [
        'edit',
        () =>
          call('patch', route('api.threads.update', { id: ids[1] }), {
            title: 'B renamed',
            issues_remaining: 0,
            notes: 'n',
          }),
      ],
      [
        'create',
        () =>
          call('post', route('api.threads.store'), {
            title: 'E',
            format: 'Issue',
            issues_remaining: 2,
          }),
      ],
      [
        'make a reading order',
        async () =>
          (
            await call('post', route('api.orders.store'), {
              name: 'Event',
              mode: 'strict',
              entries: [
                { series: 'A', number: '1' },
                { series: 'Event Tie-In', volume: '2006', number: '1' },
                { series: 'A', number: 'Annual 1' },
                { series: 'Event Tie-In', volume: '2006', number: '2' },
              ],
            })
          ).assertStatus(201),
      ],
      [
        'import a CBL file with ids',
        async () => {
          const response = await upload(
            route('api.orders.import'),
            '<ReadingList><Name>Ids</Name><Books><Book Series="A" Number="2"><Database Name="cv" Series="1" Issue="9"/></Book></Books></ReadingList>',
            'application/xml'
          )
          if (response.status !== 201) throw new Error(`import: ${response.status}`)
        },
      ],
      [
        'change a reading order',
        async () => {
          const [order] = (await call('get', route('api.orders.index'))).body().data
          ;(
            await call('patch', route('api.orders.update', { id: order.id }), {
              name: `${order.name}!`,
              mode: order.mode === 'strict' ? 'guide' : 'strict',
            })
          ).assertStatus(200)
        },
      ],
      [
        'read an entry now',
        async () => {
          const [order] = (await call('get', route('api.session.show'))).body().session.orders
          const next = order.next_entry
          ;(
            await call('post', route('api.roll.override'), {
              thread_id: next.thread_id,
              issue_id: next.issue_id,
            })
          ).assertStatus(200)
        },
      ],
      [
        'rate the entry read now',
        async () =>
          (
            await call('post', route('api.rate.store'), { rating: 4.5, issues_read: 1 })
          ).assertStatus(200),
      ],
      [
        'delete an issue that is an entry',
        async () => {
          const [order] = (await call('get', route('api.session.show'))).body().session.orders
          ;(
            await call('delete', route('api.issues.destroy', { id: order.next_entry.issue_id }))
          ).assertStatus(204)
        },
      ],
      [
        'delete a reading order',
        async () => {
          const [order] = (await call('get', route('api.orders.index'))).body().data
          ;(await call('delete', route('api.orders.destroy', { id: order.id }))).assertStatus(204)
        },
      ],
      ['roll again', () => call('post', route('api.roll.store'))],
      [
        'delete the pending thread',
        async () => {
          const pending = (await call('get', route('api.session.show'))).body().session
            .pending_thread
          ;(await call('delete', route('api.threads.destroy', { id: pending.id }))).assertStatus(
            204
          )
        },
      ],
      ['finish', () => call('post', route('api.session.finish'))],
      [
        'import of threads',
        () =>
          upload(
            route('api.import.threads'),
            'title,format,issues_remaining\nF,Issue,2\nG,Issue,0\n'
          ),
      ],
      [
        'import of reviews',
        async () => {
          const existing = (await call('get', route('api.threads.index'))).body().data[0].id
          return upload(
            route('api.import.reviews'),
            `thread_id,review_url,review_timestamp\n${existing},https://example.com/r,2026-11-20T20:00:00Z\n`
          )
        },
      ],
    ]
    for (const [name, act] of actions) {
      const before = await fingerprint(user.id)
      await act()
      assert.notDeepEqual(await fingerprint(user.id), before, `${name} changed nothing`)
      const undo = await call('post', route('api.undo.store'))
      undo.assertStatus(200)
      assert.isString(undo.body().undone)
      assert.deepEqual(await fingerprint(user.id), before, `undo of ${name}`)
      await act()
    }
    const undoneEvents = await count('events', { user_id: user.id, undone: true })
    assert.isAbove(undoneEvents, 5)
    assert.isAbove(await count('events', { user_id: user.id, type: 'undo' }), 10)
  })

  test('undo steps back latest first, then says there is nothing to undo', async ({
    client,
    assert,
  }) => {
    const { user, call } = await reader(client)
    await call('post', route('api.threads.store'), {
      title: 'A',
      format: 'Trade',
      issues_remaining: 3,
    })
    await call('post', route('api.roll.store'))
    await call('post', route('api.rate.store'), { rating: 5 })
    assert.equal((await call('post', route('api.undo.store'))).body().undone, 'Rating of A (★★★★★)')
    assert.equal((await call('post', route('api.undo.store'))).body().undone, 'Roll: A')
    assert.equal((await call('post', route('api.undo.store'))).body().undone, 'New thread A')
    const none = await call('post', route('api.undo.store'))
    none.assertStatus(409)
    assert.equal(none.body().errors[0].message, 'Nothing to undo.')
    assert.equal(await count('threads', { user_id: user.id }), 0)
    assert.equal(await count('reading_sessions', { user_id: user.id }), 0)
  })

  test('racing undo requests undo each action once; undo never touches another reader', async ({
    client,
    assert,
  }) => {
    const a = await reader(client)
    const b = await reader(client)
    for (const title of ['A1', 'A2', 'A3'])
      await a.call('post', route('api.threads.store'), {
        title,
        format: 'Trade',
        issues_remaining: 3,
      })
    await b.call('post', route('api.threads.store'), {
      title: 'B1',
      format: 'Trade',
      issues_remaining: 3,
    })
    const bBefore = await fingerprint(b.user.id)
    const results = await Promise.all(
      Array.from({ length: 5 }, () => a.call('post', route('api.undo.store')))
    )
    assert.equal(results.filter((r) => r.status() === 200).length, 3)
    assert.equal(results.filter((r) => r.status() === 409).length, 2)
    assert.equal(await count('threads', { user_id: a.user.id }), 0)
    assert.deepEqual(await fingerprint(b.user.id), bBefore)
    assert.equal(await count('undo_snapshots', { user_id: b.user.id, undone_at: null }), 1)
  })

  test('a session can be restored to its start; another reader gets a 404', async ({
    client,
    assert,
  }) => {
    const { user, call } = await reader(client)
    for (const title of ['A', 'B'])
      await call('post', route('api.threads.store'), {
        title,
        format: 'Trade',
        issues_remaining: 3,
      })
    await call('post', route('api.session.die.store'), { die: 8 })
    const before = await fingerprint(user.id)
    const sessionId = (await call('get', route('api.session.show'))).body().session.id
    await call('post', route('api.session.die.store'), { die: 8 })
    await call('post', route('api.roll.store'))
    await call('post', route('api.rate.store'), { rating: 1 })
    await call('post', route('api.roll.store'))
    const other = await reader(client)
    ;(
      await other.call('post', route('api.sessions.restore_start', { id: sessionId }))
    ).assertStatus(404)

    const restored = await call('post', route('api.sessions.restore_start', { id: sessionId }))
    restored.assertStatus(200)
    const after = await fingerprint(user.id)
    assert.deepEqual(after.threads, before.threads)
    assert.equal(await count('reading_sessions', { user_id: user.id }), 0)
  })
})

test.group('The session clock and quiet writes', (group) => {
  group.each.setup(() => resetDatabase())

  test('a reorder and an undo after the gap belong to no session, and start none', async ({
    client,
    assert,
  }) => {
    // Given a reader who rolled last evening, seven hours ago
    const r = await reader(client)
    for (const title of ['One', 'Two']) {
      await r.call('post', route('api.threads.store'), {
        title,
        format: 'Trade',
        issues_remaining: 2,
      })
    }
    const rolled = (await r.call('post', route('api.roll.store'))).body()
    const evening = new Date(Date.now() - 7 * 3600 * 1000)
    await db
      .from('reading_sessions')
      .where('id', rolled.session.id)
      .update({ last_activity_at: evening })
    const thread = rolled.thread.id

    // When they move a thread to the back, then undo the move
    ;(await r.call('post', route('api.queue.back', { id: thread }))).assertStatus(200)
    const undo = await r.call('post', route('api.undo.store'))

    // Then neither is told in last evening's session, no session started, and it kept its time
    undo.assertStatus(200)
    assert.isNull(undo.body().session)
    const events = await db
      .from('events')
      .where('user_id', r.user.id)
      .whereIn('type', ['reorder', 'undo'])
      .select('type', 'session_id')
    assert.deepEqual(
      events.map((e) => [e.type, e.session_id]),
      [
        ['reorder', null],
        ['undo', null],
      ]
    )
    assert.equal(await count('reading_sessions', { user_id: r.user.id }), 1)
    const session = await db.from('reading_sessions').where('id', rolled.session.id).first()
    assert.equal(session.last_activity_at.getTime(), evening.getTime())
  })

  test('within the gap, a reorder is told in the current session', async ({ client, assert }) => {
    // Given a reader who just rolled
    const r = await reader(client)
    await r.call('post', route('api.threads.store'), {
      title: 'One',
      format: 'Trade',
      issues_remaining: 2,
    })
    const rolled = (await r.call('post', route('api.roll.store'))).body()
    // When they move the thread
    ;(await r.call('post', route('api.queue.front', { id: rolled.thread.id }))).assertStatus(200)
    // Then the reorder belongs to that session
    const reorder = await db.from('events').where({ user_id: r.user.id, type: 'reorder' }).first()
    assert.equal(reorder.session_id, rolled.session.id)
  })
})
