import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { apiReader, route } from '#tests/support/accounts'

test.group('A year in review', (group) => {
  group.each.setup(() => resetDatabase())

  test('the year’s figures, the same as the history tells for the same reads; 404 and 422 otherwise', async ({
    client,
    assert,
  }) => {
    // Given a reader who read three times tonight, finishing one thread
    const r = await apiReader(client)
    for (const [title, issues] of [
      ['Saga', 6],
      ['Bone', 1],
      ['Hellboy', 4],
    ] as const) {
      await r.call('post', route('api.threads.store'), {
        title,
        format: 'Trade',
        issues_remaining: issues,
      })
    }
    const rated: Array<{ rating: number; issues: number }> = []
    for (const [rating, issues] of [
      [4.5, 2],
      [3, 1],
      [5, 1],
    ]) {
      await r.call('post', route('api.roll.store')).then((res) => res.assertStatus(200))
      const rate = await r.call('post', route('api.rate.store'), {
        rating,
        issues_read: issues,
      })
      rate.assertStatus(200)
      rated.push({ rating, issues })
    }
    const year = new Date().getUTCFullYear()
    const month = new Date().toISOString().slice(0, 7)

    const review = await r.call('get', route('api.review.show', { year }))
    review.assertStatus(200)
    const body = review.body()

    // Then its figures are the history's: the session's reads, their issues and ratings
    const history = (await r.call('get', route('api.sessions.index'))).body().data
    const reads = history.flatMap((s: { reads: Array<{ issues_read: number }> }) => s.reads)
    assert.equal(body.sessions, history.length)
    assert.equal(
      body.issues_read,
      reads.reduce((sum: number, read: { issues_read: number }) => sum + read.issues_read, 0)
    )
    assert.equal(
      body.issues_read,
      (
        await db
          .from('events')
          .where({ user_id: r.user.id, type: 'rate' })
          .sum('issues_read as n')
          .first()
      ).n
    )
    assert.deepEqual(
      body.top_reads.map((read: { rating: number }) => read.rating),
      rated.map((read) => read.rating).sort((a, b) => b - a)
    )
    assert.equal(body.threads_started, 3)
    const finished = await db.from('events').where({ user_id: r.user.id, completed: true })
    assert.equal(body.threads_finished, finished.length)
    assert.deepEqual(body.busiest_month, { month, issues_read: body.issues_read })
    assert.equal(body.longest_streak_weeks, 1)
    const rolls = await db
      .from('events')
      .where({ user_id: r.user.id, type: 'roll', selection_method: 'random' })
    const die = body.die_by_month.find((m: { month: string }) => m.month === month)
    assert.closeTo(die.average_die, rolls.reduce((s, e) => s + e.die, 0) / rolls.length, 0.01)
    assert.lengthOf(body.die_by_month, 12)
    assert.deepEqual(body.pile_by_month[0], {
      month: `${year}-01`,
      active_threads: null,
      issues_left: null,
    })

    // An undone rating leaves the review
    await r.call('post', route('api.undo.store')).then((res) => res.assertStatus(200))
    const after = (await r.call('get', route('api.review.show', { year }))).body()
    assert.equal(after.issues_read, body.issues_read - rated[2].issues)
    assert.lengthOf(after.top_reads, 2)

    // A year without reads is 404, one that is no year 422; another reader has none
    await r
      .call('get', route('api.review.show', { year: year - 1 }))
      .then((res) => res.assertStatus(404))
    // The last year there is has no reads either (and its end is past any timestamp)
    await r
      .call('get', route('api.review.show', { year: 9999 }))
      .then((res) => res.assertStatus(404))
    for (const bad of ['1899', '10000', 'abc', '2026.5']) {
      const refused = await r.call('get', route('api.review.show', { year: bad }))
      refused.assertStatus(422)
    }
    const other = await apiReader(client)
    await other.call('get', route('api.review.show', { year })).then((res) => res.assertStatus(404))
  })
})
