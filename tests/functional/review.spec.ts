import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { apiReader, route, signedInPages } from '#tests/support/accounts'
import { DateTime } from 'luxon'
import { monthOf, pileByMonth, recordMonthEnds } from '#domain/pile_months'

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
    // The pile: unknown before this month (nothing was recorded), this month's as it stands
    const active = await db.from('threads').where('user_id', r.user.id).whereNotNull('sort_key')
    for (const figure of body.pile_by_month) {
      assert.deepEqual(
        figure,
        figure.month === month
          ? {
              month,
              active_threads: active.length,
              issues_left: active.reduce((sum, t) => sum + t.issues_remaining, 0),
            }
          : { month: figure.month, active_threads: null, issues_left: null }
      )
    }

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

  test('the pile at each month’s end: recorded by the first change of a later month', async ({
    client,
    assert,
  }) => {
    // Given a reader with two threads (6 and 4 issues left) whose latest change was two months ago
    const r = await apiReader(client)
    for (const [title, issues] of [
      ['Saga', 6],
      ['Hellboy', 4],
    ] as const) {
      await r.call('post', route('api.threads.store'), {
        title,
        format: 'Trade',
        issues_remaining: issues,
      })
    }
    const now = DateTime.utc()
    const [twoAgo, oneAgo, current] = [2, 1, 0].map((n) =>
      monthOf(now.startOf('month').minus({ months: n }), 'UTC')
    )
    // (a reader's first change under this version recorded nothing: months before are unknown)
    const user = await db.from('users').where('id', r.user.id).first()
    assert.equal(user.pile_month, current)
    assert.deepEqual(await db.from('pile_months').where('user_id', r.user.id), [])
    await db.from('users').where('id', r.user.id).update({ pile_month: twoAgo })

    // When they add a thread this month
    await r
      .call('post', route('api.threads.store'), {
        title: 'Bone',
        format: 'Trade',
        issues_remaining: 5,
      })
      .then((res) => res.assertStatus(201))

    // Then the pile as it stood before is the end of the two months past, and this month is theirs
    const rows = await db
      .from('pile_months')
      .where('user_id', r.user.id)
      .orderBy('month')
      .select('month', 'active_threads', 'issues_left')
    assert.deepEqual(
      rows.map((row) => [row.month, row.active_threads, Number(row.issues_left)]),
      [
        [twoAgo, 2, 10],
        [oneAgo, 2, 10],
      ]
    )
    assert.equal((await db.from('users').where('id', r.user.id).first()).pile_month, current)

    // A later change of the month records nothing more
    await r.call('post', route('api.roll.store')).then((res) => res.assertStatus(200))
    assert.lengthOf(await db.from('pile_months').where('user_id', r.user.id), 2)

    // The review of this year tells them, this month's figure as the pile stands
    const year = now.year
    const figures = await pileByMonth(db.connection(), r.user.id, year, 'UTC', now)
    const of = (month: string) => figures.find((figure) => figure.month === month)
    assert.deepEqual(of(current), { month: current, activeThreads: 3, issuesLeft: 15 })
    if (oneAgo.startsWith(String(year))) {
      assert.deepEqual(of(oneAgo), { month: oneAgo, activeThreads: 2, issuesLeft: 10 })
    }
    assert.lengthOf(figures, 12)

    // Another reader's review knows none of it
    const other = await apiReader(client)
    const theirs = await pileByMonth(db.connection(), other.user.id, year, 'UTC', now)
    assert.isTrue(
      theirs.every((figure) => figure.month === current || figure.activeThreads === null)
    )
  })

  test('a month ends in the reader’s time zone', async ({ client, assert }) => {
    const readers: number[] = []
    for (const zone of ['America/New_York', 'UTC']) {
      const r = await apiReader(client)
      await r.call('post', route('api.threads.store'), {
        title: 'Saga',
        format: 'Trade',
        issues_remaining: 3,
      })
      await db
        .from('users')
        .where('id', r.user.id)
        .update({ time_zone: zone, pile_month: '2026-11' })
      readers.push(r.user.id)
    }
    // 1 December 03:00 UTC is still 30 November, 22:00, in New York
    const now = DateTime.fromISO('2026-12-01T03:00:00Z')
    await db.transaction(async (trx) => {
      await recordMonthEnds(trx, readers[0], '2026-11', 'America/New_York', now)
      await recordMonthEnds(trx, readers[1], '2026-11', 'UTC', now)
    })
    const months = async (id: number) =>
      (await db.from('pile_months').where('user_id', id)).map((row) => row.month)
    assert.deepEqual(await months(readers[0]), [])
    assert.deepEqual(await months(readers[1]), ['2026-11'])
    const users = await db.from('users').whereIn('id', readers).orderBy('id')
    assert.deepEqual(
      users.map((u) => u.pile_month),
      ['2026-11', '2026-12']
    )
    // New York's November is this month there: its figure is the pile as it stands
    const newYork = await pileByMonth(db.connection(), readers[0], 2026, 'America/New_York', now)
    assert.deepEqual(newYork.slice(10), [
      { month: '2026-11', activeThreads: 1, issuesLeft: 3 },
      { month: '2026-12', activeThreads: null, issuesLeft: null },
    ])
  })

  test('the review page: the figures the API gives, charts told as text, linked from analytics', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const pages = await signedInPages(r.email)
    const year = new Date().getUTCFullYear()

    // Before any read: no link from analytics, and the year's page says there is none (404)
    assert.notInclude((await pages.get(route('analytics.show'))).html, 'in review</a>')
    const none = await pages.get(route('review.show', { year }))
    assert.equal(none.status, 404)
    assert.include(none.html, `No reads in ${year}`)

    // Given two rated reads
    for (const title of ['Saga', 'Hellboy & Friends']) {
      await r.call('post', route('api.threads.store'), {
        title,
        format: 'Trade',
        issues_remaining: 5,
      })
    }
    for (const rating of [4.5, 3]) {
      await r.call('post', route('api.roll.store')).then((res) => res.assertStatus(200))
      await r
        .call('post', route('api.rate.store'), { rating, issues_read: 2 })
        .then((res) => res.assertStatus(200))
    }
    const api = (await r.call('get', route('api.review.show', { year }))).body()

    // Then analytics links the year, and its page tells the API's figures
    const analytics = await pages.get(route('analytics.show'))
    assert.include(analytics.html, `href="${route('review.show', { year })}">${year} in review</a>`)
    const page = await pages.get(route('review.show', { year }))
    assert.equal(page.status, 200)
    const figure = (name: string) =>
      new RegExp(`<dt>${name}</dt><dd[^>]*>([^<]*)</dd>`).exec(page.html)?.[1]
    assert.equal(figure('Issues read'), String(api.issues_read))
    assert.equal(figure('Reading sessions'), String(api.sessions))
    assert.equal(figure('Threads started'), String(api.threads_started))
    assert.equal(figure('Longest streak'), '1 week')
    const monthName = DateTime.fromFormat(api.busiest_month.month, 'yyyy-MM').toFormat('LLLL')
    assert.equal(figure('Busiest month'), monthName)
    assert.include(page.html, `4 issues read; the most in ${monthName} (4).`)
    // each chart says its figures in words, and the pile's as a table too
    assert.include(page.html, `${monthName}: 4 issues`)
    assert.match(
      page.html,
      /<desc id="review-dice-desc">January: (no random rolls|d[\d.]+ on average)/
    )
    assert.include(page.html, `<th scope="row">${monthName}</th><td>`)
    // the best-rated reads, best first, titles escaped
    const top = [...page.html.matchAll(/<span class="top-title">([^<]*)<\/span>/g)].map((m) => m[1])
    assert.deepEqual(
      top,
      api.top_reads.map((read: { title: string }) => read.title.replace('&', '&amp;'))
    )

    // Another year without reads says so, listing the years there are
    const before = await pages.get(route('review.show', { year: year - 1 }))
    assert.equal(before.status, 404)
    assert.include(before.html, `href="${route('review.show', { year })}">${year}</a>`)
    // and no year the route does not take
    assert.equal((await pages.get(route('review.show', { year: 1899 }))).status, 404)
    assert.equal((await pages.get(route('review.show', { year: 'abcd' }))).status, 404)
  })
})
