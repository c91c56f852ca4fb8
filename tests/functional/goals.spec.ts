import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { goalState } from '#domain/goals'
import { resetDatabase } from '#tests/support/database'
import { apiReader, route, signedInPages } from '#tests/support/accounts'

/**
 * A session started at `at` and, unless `rated` is false, one rated read in it (issues
 * read `issues`); with `undone`, that read was undone.
 */
async function session(
  userId: number,
  at: string,
  options: { rated?: boolean; issues?: number; undone?: boolean } = {}
) {
  const [row] = await db
    .table('reading_sessions')
    .insert({
      user_id: userId,
      started_at: at,
      last_activity_at: at,
      ended_at: at,
      start_die: 6,
      current_die: 6,
    })
    .returning('id')
  if (options.rated === false) return
  await db.table('events').insert({
    user_id: userId,
    session_id: row.id,
    type: 'rate',
    rating: 4,
    issues_read: options.issues ?? 1,
    die: 6,
    die_after: 4,
    undone: options.undone ?? false,
    created_at: at,
  })
}

/** An issue marked read (or unread) by hand at `at`. */
const marked = (userId: number, type: 'issue_read' | 'issue_unread', at: string, issues = 1) =>
  db.table('events').insert({ user_id: userId, type, issues_read: issues, created_at: at })

test.group('Gentle goals and streaks', (group) => {
  group.each.setup(() => resetDatabase())

  test('off until set; set, answered, replaced and turned off; a refused goal changes nothing', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const off = await r.call('get', route('api.goals.show'))
    off.assertStatus(200)
    assert.deepEqual(off.body(), { goal: null, progress: null, streak: null })

    for (const body of [
      { unit: 'pages', per: 'week', target: 3 },
      { unit: 'issues', per: 'day', target: 3 },
      { unit: 'issues', per: 'week', target: 0 },
      { unit: 'issues', per: 'week', target: 10001 },
      { unit: 'issues', per: 'week', target: 2.5 },
      { unit: 'issues', per: 'week' },
    ]) {
      const refused = await r.call('put', route('api.goals.update'), body)
      refused.assertStatus(422)
    }
    const unchanged = await db.from('users').where('id', r.user.id).first()
    assert.deepEqual(
      [unchanged.goal_unit, unchanged.goal_per, unchanged.goal_target],
      [null, null, null]
    )

    const set = await r.call('put', route('api.goals.update'), {
      unit: 'issues',
      per: 'week',
      target: 5,
    })
    set.assertStatus(200)
    assert.deepEqual(set.body().goal, { unit: 'issues', per: 'week', target: 5 })
    assert.deepInclude(set.body().progress, { done: 0, target: 5, to_go: 5 })
    assert.deepEqual(set.body().streak, { weeks: 0, best_weeks: 0 })

    const replaced = await r.call('put', route('api.goals.update'), {
      unit: 'sessions',
      per: 'month',
      target: 8,
    })
    assert.deepEqual(replaced.body().goal, { unit: 'sessions', per: 'month', target: 8 })

    await r.call('delete', route('api.goals.destroy')).then((res) => res.assertStatus(204))
    const gone = await r.call('get', route('api.goals.show'))
    assert.deepEqual(gone.body(), { goal: null, progress: null, streak: null })
  })

  test('the period, its progress and pace, and the streak are counted in the reader’s time zone', async ({
    client,
    assert,
  }) => {
    // Two readers with the same history: one in New York, one in UTC
    const readers = []
    for (const zone of ['America/New_York', 'UTC']) {
      const r = await apiReader(client)
      await db.from('users').where('id', r.user.id).update({
        time_zone: zone,
        goal_unit: 'issues',
        goal_per: 'week',
        goal_target: 5,
      })
      const id = r.user.id as number
      await session(id, '2026-11-16T15:00:00Z')
      await session(id, '2026-11-23T15:00:00Z')
      await session(id, '2026-11-25T15:00:00Z', { rated: false })
      // Sunday 21:00 in New York, Monday 02:00 in UTC
      await session(id, '2026-12-07T02:00:00Z', { issues: 2 })
      await session(id, '2026-12-03T12:00:00Z', { issues: 5, undone: true })
      await marked(id, 'issue_read', '2026-12-01T12:00:00Z', 3)
      await marked(id, 'issue_unread', '2026-12-02T12:00:00Z', 1)
      readers.push(await User.findOrFail(id))
    }
    // Sunday 22:30 in New York (the end of its week), Monday 03:30 in UTC (its start)
    const now = DateTime.fromISO('2026-12-07T03:30:00Z')
    const [newYork, utc] = [await goalState(readers[0], now), await goalState(readers[1], now)]

    // New York: the week of 30 November holds the Sunday's 2, and 3 marked less 1 unmarked
    assert.equal(newYork.progress!.periodStart.toISO(), '2026-11-30T00:00:00.000-05:00')
    assert.equal(newYork.progress!.periodEnd.toISO(), '2026-12-07T00:00:00.000-05:00')
    assert.deepInclude(newYork.progress!, { done: 4, toGo: 1, onPace: false })
    // its weeks of 16, 23 and 30 November each have a reading session
    assert.deepEqual(newYork.streak, { weeks: 3, bestWeeks: 3 })

    // UTC: a new week has begun with the 2 read at 02:00: on pace for its start
    assert.equal(utc.progress!.periodStart.toISO(), '2026-12-07T00:00:00.000Z')
    assert.deepInclude(utc.progress!, { done: 2, toGo: 3, onPace: true })
    // its week of 30 November had no reading session (the one of 25 November read nothing)
    assert.deepEqual(utc.streak, { weeks: 1, bestWeeks: 2 })

    // A new week without a session yet does not break the streak before it; a week
    // missed does
    const later = DateTime.fromISO('2026-12-08T12:00:00Z')
    assert.deepEqual((await goalState(readers[0], later)).streak, { weeks: 3, bestWeeks: 3 })
    const muchLater = DateTime.fromISO('2026-12-21T12:00:00Z')
    assert.deepEqual((await goalState(readers[0], muchLater)).streak, { weeks: 0, bestWeeks: 3 })

    // Sessions as the unit: reading sessions started in the month
    await db
      .from('users')
      .where('id', readers[1].id)
      .update({ goal_unit: 'sessions', goal_per: 'month', goal_target: 4 })
    const monthly = await goalState(await User.findOrFail(readers[1].id), now)
    assert.equal(monthly.progress!.periodStart.toISO(), '2026-12-01T00:00:00.000Z')
    assert.deepInclude(monthly.progress!, { done: 1, toGo: 3 })
  })

  test('the analytics page: off until set, set in kind words, refused with the typed values, turned off', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const pages = await signedInPages(r.email)
    const off = await pages.get(route('analytics.show'))
    assert.include(off.html, 'A goal, if you like')
    assert.include(off.html, 'Off until you set one')

    // A refused goal: the form again, its message, what was typed; nothing set
    const refused = await pages.post(route('analytics.goal.update', {}, { _method: 'PUT' }), {
      target: '0',
      unit: 'sessions',
      per: 'month',
    })
    assert.equal(refused.status, 422)
    assert.include(refused.html, 'value="0"')
    assert.match(refused.html, /<option value="sessions"\s+selected/)
    const user = await db.from('users').where('id', r.user.id).first()
    assert.isNull(user.goal_target)

    // Set: what is left this week, kindly, and the streak
    const set = await pages.post(route('analytics.goal.update', {}, { _method: 'PUT' }), {
      target: '3',
      unit: 'issues',
      per: 'week',
    })
    assert.equal(set.status, 302)
    const shown = await pages.follow(set)
    assert.include(shown.html, 'Goal set.')
    assert.include(shown.html, '3 to go this week (0 of 3 issues).')
    assert.include(shown.html, 'A reading session this week starts your streak.')
    assert.notMatch(shown.html, /behind/i)

    // Turned off
    const cleared = await pages.post(route('analytics.goal.destroy', {}, { _method: 'DELETE' }))
    assert.equal(cleared.status, 302)
    assert.include((await pages.follow(cleared)).html, 'Goal turned off, and the streak with it.')
    assert.isNull((await db.from('users').where('id', r.user.id).first()).goal_unit)
  })

  test('the account page sets and turns off the same goal, and answers on itself', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const pages = await signedInPages(r.email)
    const account = await pages.get(route('account.show'))
    assert.include(account.html, 'A goal, if you like')

    // A refused goal is shown again on the account page, with what was typed
    const refused = await pages.post(route('account.goal.update', {}, { _method: 'PUT' }), {
      target: '10001',
      unit: 'issues',
      per: 'year',
    })
    assert.equal(refused.status, 422)
    assert.include(refused.html, 'Signed-in devices')
    assert.include(refused.html, 'value="10001"')
    assert.isNull((await db.from('users').where('id', r.user.id).first()).goal_target)

    // Set from there: back on the account page at the goal, which analytics shows too
    const set = await pages.post(route('account.goal.update', {}, { _method: 'PUT' }), {
      target: '2',
      unit: 'sessions',
      per: 'month',
    })
    assert.equal(set.status, 302)
    assert.equal(set.location, `${route('account.show')}#goal`)
    const shown = await pages.follow(set)
    assert.include(shown.html, '2 to go this month (0 of 2 reading sessions).')
    const goal = (await r.call('get', route('api.goals.show'))).body().goal
    assert.deepEqual(goal, { unit: 'sessions', per: 'month', target: 2 })
    assert.include(
      (await pages.get(route('analytics.show'))).html,
      '2 to go this month (0 of 2 reading sessions).'
    )

    // Turned off from there
    await pages.get(route('account.show'))
    const off = await pages.post(route('account.goal.destroy', {}, { _method: 'DELETE' }))
    assert.equal(off.location, `${route('account.show')}#goal`)
    assert.isNull((await db.from('users').where('id', r.user.id).first()).goal_unit)
  })
})
