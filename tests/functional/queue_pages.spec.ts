import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { registerReader, signedInPages } from '#tests/support/accounts'
import { GAP } from '#domain/queue'

const positionsIn = (html: string) =>
  [...html.matchAll(/data-position="(\d+)"/g)].map((match) => Number(match[1]))
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => from + index)

test.group('Queue page', (group) => {
  group.each.setup(() => resetDatabase())

  test('a long queue is shown a hundred at a time; a move lands on the page of its new position', async ({
    client,
    assert,
  }) => {
    const { email, user } = await registerReader(client)
    await db.table('threads').multiInsert(
      range(1, 230).map((n) => ({
        user_id: user.id,
        title: `Thread ${n}`,
        format: 'Issue',
        issues_remaining: 5,
        status: 'active',
        sort_key: n * GAP,
        last_activity_at: new Date(),
      }))
    )
    const pages = await signedInPages(email)

    const first = await pages.get('/queue')
    assert.equal(first.status, 200)
    assert.deepEqual(positionsIn(first.html), range(1, 100))
    assert.include(first.html, 'Threads 1–100 of 230')
    assert.include(first.html, 'href="/queue?page=2"')
    assert.include(first.html, 'max="230"')

    const last = await pages.get('/queue?page=3')
    assert.deepEqual(positionsIn(last.html), range(201, 230))
    assert.include(last.html, 'data-offset="200"')
    assert.include(last.html, 'start="201"')
    assert.include(last.html, 'Thread 230')

    const past = await pages.get('/queue?page=9')
    assert.equal(past.status, 302)
    assert.equal(past.location, '/queue?page=3')
    assert.deepEqual(positionsIn((await pages.get('/queue?page=abc')).html), range(1, 100))

    const fifth = await db.from('threads').where({ user_id: user.id, title: 'Thread 5' }).first()
    await pages.get('/queue')
    const moved = await pages.post(`/queue/${fifth.id}/position`, { position: 150 })
    assert.equal(moved.status, 302)
    assert.equal(moved.location, `/queue?page=2#thread-${fifth.id}`)
    const order = await db
      .from('threads')
      .where({ user_id: user.id, status: 'active' })
      .orderBy('sort_key')
      .select('id')
    assert.equal(order[149].id, fifth.id)
    assert.lengthOf(order, 230)
  })
})
