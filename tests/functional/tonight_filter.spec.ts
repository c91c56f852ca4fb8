import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { apiReader, route, signedInPages } from '#tests/support/accounts'
import { GAP } from '#domain/queue'

type Reader = Awaited<ReturnType<typeof apiReader>>

/**
 * A reader whose queue is the given threads in order ("title:tag,tag"), 5 issues each;
 * their ids by title.
 */
async function readerWithPile(client: ApiClient, pile: string[]) {
  const r = await apiReader(client)
  await db.table('threads').multiInsert(
    pile.map((line, i) => {
      const [title, tags = ''] = line.split(':')
      const names = tags ? tags.split(',') : []
      return {
        user_id: r.user.id,
        title,
        format: 'Trade',
        issues_remaining: 5,
        sort_key: (i + 1) * GAP,
        tags: names,
        tag_keys: names.map((name) => name.toLowerCase()),
      }
    })
  )
  const rows = await db.from('threads').where('user_id', r.user.id).orderBy('sort_key')
  return { r, ids: Object.fromEntries(rows.map((row) => [row.title, row.id as number])) }
}

const PILE = [
  'Saga:capes,space',
  'Hellboy:Horror,indie',
  'Monstress:fantasy',
  'Harrow County:horror',
  'Batman:capes,horror',
  'Locke & Key:horror,indie',
  'Paper Girls:space',
  'Wytches:horror',
  'Bone:fantasy,indie',
]

const sessionOf = async (r: Reader) => (await r.call('get', route('api.session.show'))).body()
const setFilter = (r: Reader, filter: object) =>
  r.call('post', route('api.session.filter.store'), filter)

/** The reader's sessions and events as stored: what a refused request must leave alone. */
async function stateOf(userId: number) {
  const sessions = await db.from('reading_sessions').where('user_id', userId).orderBy('id')
  const events = await db.from('events').where('user_id', userId).orderBy('id')
  const snapshots = await db.from('undo_snapshots').where('user_id', userId).count('* as n')
  return { sessions, events, snapshots: Number(snapshots[0].n) }
}

test.group('Tonight’s filter', (group) => {
  group.each.setup(() => resetDatabase())

  test('narrows the pool to the first threads that fit, with their places in the queue', async ({
    client,
    assert,
  }) => {
    const { r, ids } = await readerWithPile(client, PILE)

    // Setting it is activity: it starts the session, spelled as the pile spells the tags
    const set = await setFilter(r, { include: ['HORROR'], exclude: ['capes'] })
    set.assertStatus(200)
    assert.deepEqual(set.body().session.filter, { include: ['Horror'], exclude: ['capes'] })
    assert.equal(set.body().session.current_die, 6)

    // The pool: the first threads with horror and without capes, at their true positions
    const state = await sessionOf(r)
    assert.deepEqual(state.session.filter, { include: ['Horror'], exclude: ['capes'] })
    assert.deepEqual(
      state.roll_pool.map((t: { title: string; position: number }) => [t.title, t.position]),
      [
        ['Hellboy', 2],
        ['Harrow County', 4],
        ['Locke & Key', 6],
        ['Wytches', 8],
      ]
    )

    // Include is any of the tags named; exclude alone keeps the rest of the queue
    await setFilter(r, { include: ['fantasy', 'space'] })
    const either = (await sessionOf(r)).roll_pool.map((t: { title: string }) => t.title)
    assert.deepEqual(either, ['Saga', 'Monstress', 'Paper Girls', 'Bone'])
    await setFilter(r, { exclude: ['horror', 'Indie'] })
    const none = (await sessionOf(r)).roll_pool.map((t: { title: string }) => t.title)
    assert.deepEqual(none, ['Saga', 'Monstress', 'Paper Girls'])

    // Rolls pick only what fits, snoozed threads left out and the next that fits taking their place
    await setFilter(r, { include: ['horror'] })
    await r.call('post', route('api.roll.override'), { thread_id: ids['Hellboy'] })
    ;(await r.call('post', route('api.roll.snooze'))).assertStatus(200)
    const pool = (await sessionOf(r)).roll_pool.map((t: { title: string }) => t.title)
    assert.deepEqual(pool, ['Harrow County', 'Batman', 'Locke & Key', 'Wytches'])
    const fitting = new Set([
      ids['Harrow County'],
      ids['Batman'],
      ids['Locke & Key'],
      ids['Wytches'],
    ])
    for (let i = 0; i < 12; i++) {
      const rolled = await r.call('post', route('api.roll.store'))
      rolled.assertStatus(200)
      assert.isTrue(fitting.has(rolled.body().thread.id), rolled.body().thread.title)
    }

    // Another reader's session knows nothing of it
    const other = await readerWithPile(client, ['Other:horror', 'Else'])
    const theirs = await sessionOf(other.r)
    assert.isNull(theirs.session)
    assert.lengthOf(theirs.roll_pool, 2)
  })

  test('a roll with nothing fitting is a 409 that says so, and changes nothing', async ({
    client,
    assert,
  }) => {
    const { r } = await readerWithPile(client, PILE)
    ;(await setFilter(r, { include: ['romance'] })).assertStatus(200)
    const state = await sessionOf(r)
    assert.deepEqual(state.session.filter, { include: ['romance'], exclude: [] })
    assert.deepEqual(state.roll_pool, [])
    const before = await stateOf(r.user.id)

    const rolled = await r.call('post', route('api.roll.store'))
    rolled.assertStatus(409)
    assert.match(rolled.body().errors[0].message, /fits tonight’s filter \(only romance\)/)
    assert.deepEqual(await stateOf(r.user.id), before)
  })

  test('refusals: no tag, a tag both in and out, bad tags, clearing none — nothing changes', async ({
    client,
    assert,
  }) => {
    const { r } = await readerWithPile(client, PILE)
    const before = await stateOf(r.user.id)
    const refused: Array<[object, string]> = [
      [{}, 'include'],
      [{ include: [], exclude: [' '] }, 'exclude.0'],
      [{ include: ['horror'], exclude: ['HORROR'] }, 'include'],
      [{ include: ['a,b'] }, 'include.0'],
      [{ exclude: ['x'.repeat(31)] }, 'exclude.0'],
      [{ include: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'include'],
      [{ include: 'horror' }, 'include'],
    ]
    for (const [body, field] of refused) {
      const answer = await setFilter(r, body)
      answer.assertStatus(422)
      assert.equal(answer.body().errors[0].field, field, JSON.stringify([body, answer.body()]))
    }
    // No session was started by a refused filter
    assert.deepEqual(await stateOf(r.user.id), before)

    const cleared = await r.call('delete', route('api.session.filter.destroy'))
    cleared.assertStatus(409)
    assert.match(cleared.body().errors[0].message, /not filtered/)
    assert.deepEqual(await stateOf(r.user.id), before)
  })

  test('ends with its session; clearing and undo put the whole queue back', async ({
    client,
    assert,
  }) => {
    const { r } = await readerWithPile(client, PILE)
    const whole = (await sessionOf(r)).roll_pool.map((t: { title: string }) => t.title)
    await setFilter(r, { include: ['fantasy'] })

    // Undo takes the filter back (with the session it started)
    const undone = await r.call('post', route('api.undo.store'))
    undone.assertStatus(200)
    assert.match(undone.body().undone, /Filter: only fantasy/)
    assert.isNull(undone.body().session)

    // Cleared, then the clearing undone: the filter holds again (the first one went with its
    // session, the history tells these)
    await setFilter(r, { include: ['fantasy'] })
    const cleared = await r.call('delete', route('api.session.filter.destroy'))
    cleared.assertStatus(200)
    assert.isNull(cleared.body().session.filter)
    assert.deepEqual(
      (await sessionOf(r)).roll_pool.map((t: { title: string }) => t.title),
      whole
    )
    await r.call('post', route('api.undo.store'))
    assert.deepEqual((await sessionOf(r)).session.filter, { include: ['fantasy'], exclude: [] })
    const events = await db
      .from('events')
      .where('user_id', r.user.id)
      .whereIn('type', ['filter_set', 'filter_cleared'])
      .orderBy('id')
      .select('type', 'thread_title', 'undone')
    assert.deepEqual(
      events.map((e) => [e.type, e.thread_title, e.undone]),
      [
        ['filter_set', 'only fantasy', false],
        ['filter_cleared', 'only fantasy', true],
      ]
    )

    // The session past its gap: the filter does not hold, and the next session starts without
    await db
      .from('reading_sessions')
      .where('user_id', r.user.id)
      .update({ last_activity_at: new Date(Date.now() - 7 * 86_400_000) })
    const later = await sessionOf(r)
    assert.isNull(later.session)
    assert.deepEqual(
      later.roll_pool.map((t: { title: string }) => t.title),
      whole
    )
    const rolled = await r.call('post', route('api.roll.store'))
    rolled.assertStatus(200)
    assert.isNull(rolled.body().session.filter)
    assert.isTrue(whole.includes(rolled.body().thread.title))

    // A finished session's filter ends with it too
    await setFilter(r, { include: ['fantasy'] })
    ;(await r.call('post', route('api.session.finish'))).assertStatus(200)
    const next = await sessionOf(r)
    assert.isNull(next.session)
    assert.deepEqual(
      next.roll_pool.map((t: { title: string }) => t.title),
      whole
    )
  })

  test('a low rating sent after the pool goes after the pool that fits', async ({
    client,
    assert,
  }) => {
    const extra = Array.from({ length: 6 }, (_, i) => `Extra ${i + 1}`)
    const { r, ids } = await readerWithPile(client, [...PILE, ...extra])
    await r.call('patch', route('api.settings.update'), { low_rating_placement: 'after_pool' })
    await setFilter(r, { exclude: ['space'] })
    ;(await r.call('post', route('api.roll.override'), { thread_id: ids['Hellboy'] })).assertStatus(
      200
    )
    const rated = await r.call('post', route('api.rate.store'), { rating: 2, issues_read: 1 })
    rated.assertStatus(200)
    assert.equal(rated.body().queue_move, 'after_pool')
    const pool = (await sessionOf(r)).roll_pool.map((t: { title: string }) => t.title)
    const last = pool[pool.length - 1]
    assert.lengthOf(pool, rated.body().die_after)
    assert.notInclude(pool, 'Saga')
    const queue = (await r.call('get', route('api.queue.index', {}, { per_page: 50 }))).body().data
    const titles = queue.map((t: { title: string }) => t.title)
    // Right after the last thread of the pool that fits, in the whole queue
    assert.equal(titles.indexOf('Hellboy'), titles.indexOf(last) + 1)
    assert.notInclude(pool, 'Hellboy')
  })

  test('pages: chips to set it, the roll page shows it, nothing fits offers to clear it', async ({
    client,
    assert,
  }) => {
    const { r } = await readerWithPile(client, PILE)
    const pages = await signedInPages(r.email)

    // The roll page offers it; its page lists the reader's tags with their counts
    const roll = await pages.get(route('roll.show'))
    assert.include(roll.html, 'Narrow tonight’s roll by tag')
    const page = await pages.get(route('roll.filter.show'))
    assert.equal(page.status, 200)
    assert.match(
      page.html,
      /value="Horror"[^>]*>\s*<span>Horror <span class="chip-count">5<\/span>/
    )
    assert.include(page.html, 'name="exclude[]" value="capes"')

    // Nothing checked: the form again with its message, nothing started
    const before = await stateOf(r.user.id)
    const empty = await pages.post(route('session.filter.store'), {})
    assert.equal(empty.status, 422)
    assert.include(empty.html, 'Name at least one tag')
    assert.deepEqual(await stateOf(r.user.id), before)

    // Both sides of one tag: refused, the chips kept as they were checked
    const both = await pages.post(route('session.filter.store'), {
      'include[]': ['Horror', 'indie'],
      'exclude[]': 'horror',
    })
    assert.equal(both.status, 422)
    assert.include(both.html, 'cannot be both kept in and left out')
    assert.match(both.html, /name="include\[\]" value="indie"[^>]*checked/)
    assert.deepEqual(await stateOf(r.user.id), before)

    // Only horror, no capes: the roll page says so and pools what fits
    const set = await pages.post(route('session.filter.store'), {
      'include[]': 'Horror',
      'exclude[]': 'capes',
    })
    assert.equal(set.status, 302)
    const filtered = await pages.follow(set)
    assert.include(filtered.html, 'Tonight’s roll: only Horror, no capes.')
    assert.include(filtered.html, 'aria-label="Tonight’s filter"')
    assert.notInclude(filtered.html, '<span class="pool-title">Saga</span>')
    assert.include(filtered.html, '<span class="pool-title">Wytches</span>')
    assert.include(filtered.html, '#8 in queue')
    const again = await pages.get(route('roll.filter.show'))
    assert.include(again.html, 'Tonight: <strong>only Horror, no capes</strong>')
    assert.match(again.html, /name="include\[\]" value="Horror"[^>]*checked/)

    // Nothing fits: the page says so and clears it
    await pages.get(route('roll.filter.show'))
    await pages.post(route('session.filter.store'), {
      'include[]': 'fantasy',
      'exclude[]': 'indie',
    })
    await db
      .from('threads')
      .where({ user_id: r.user.id, title: 'Monstress' })
      .update({ tags: ['indie'], tag_keys: ['indie'] })
    const nothing = await pages.get(route('roll.show'))
    assert.include(nothing.html, 'Nothing fits tonight’s filter')
    const cleared = await pages.post(route('session.filter.destroy', {}, { _method: 'DELETE' }))
    assert.equal(cleared.status, 302)
    const whole = await pages.follow(cleared)
    assert.include(whole.html, 'Filter cleared')
    assert.include(whole.html, '<span class="pool-title">Saga</span>')
    assert.isNull((await sessionOf(r)).session.filter)

    // The history tells it
    const session = (await sessionOf(r)).session
    const history = await pages.get(route('history.show', { id: session.id }))
    assert.include(history.html, 'Narrowed the roll: only Horror, no capes')
    assert.include(history.html, 'Cleared the filter (only fantasy, no indie)')
  })
})
