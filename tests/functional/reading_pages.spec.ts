import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { registerReader, route, signedInPages } from '#tests/support/accounts'
import { GAP } from '#domain/queue'

const positionsIn = (html: string) =>
  [...html.matchAll(/<span class="face">(\d+)<\/span>/g)].map((match) => Number(match[1]))
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => from + index)

/** Active threads "Thread n" at queue key n (in the order given), straight into the database. */
const insertThreads = (userId: number, numbers: number[]) =>
  db.table('threads').multiInsert(
    numbers.map((n) => ({
      user_id: userId,
      title: `Thread ${n}`,
      format: 'Issue',
      issues_remaining: 5,
      sort_key: n * GAP,
      last_activity_at: new Date(),
    }))
  )

test.group('Queue page', (group) => {
  group.each.setup(() => resetDatabase())

  test('a long queue is shown a hundred at a time; a move lands on the page of its new position', async ({
    client,
    assert,
  }) => {
    const { email, user } = await registerReader(client)
    await insertThreads(user.id, range(1, 230))
    const pages = await signedInPages(email)

    const first = await pages.get(route('queue.show'))
    assert.equal(first.status, 200)
    assert.deepEqual(positionsIn(first.html), range(1, 100))
    assert.include(first.html, 'Threads 1&ndash;100 of 230')
    assert.include(first.html, `href="${route('queue.show', {}, { page: 2 })}"`)

    const last = await pages.get(route('queue.show', {}, { page: 3 }))
    assert.deepEqual(positionsIn(last.html), range(201, 230))
    assert.include(last.html, 'data-offset="200"')
    assert.include(last.html, 'start="201"')
    assert.include(last.html, '>Thread 230</a>')
    assert.include(last.html, '>Thread 201</a>')
    assert.notInclude(last.html, '>Thread 200</a>')

    const past = await pages.get(route('queue.show', {}, { page: 9 }))
    assert.equal(past.status, 302)
    assert.equal(past.location, route('queue.show', {}, { page: 3 }))
    // Not a page number: the first page.
    const junk = await pages.get(route('queue.show', {}, { page: 'abc' }))
    assert.equal(junk.status, 200)
    assert.deepEqual(positionsIn(junk.html), range(1, 100))

    const fifth = await db.from('threads').where({ user_id: user.id, title: 'Thread 5' }).first()
    await pages.get(route('queue.show'))
    const moved = await pages.post(route('queue.move', { id: fifth.id, to: 'position' }), {
      position: 150,
    })
    assert.equal(moved.status, 302)
    assert.equal(moved.location, `${route('queue.show', {}, { page: 2 })}#feedback`)
    // The message and its Undo are in the moved row, which is marked.
    const landed = (await pages.follow(moved)).html
    const row = landed.split('<li ').find((item) => item.includes(`id="t${fifth.id}"`))!
    assert.match(row, /^class="qr changed"/)
    assert.include(row, 'Moved Thread 5 to position 150.')
    assert.include(row, 'form="qa"')
    const order = await db
      .from('threads')
      .where({ user_id: user.id, status: 'active' })
      .orderBy('sort_key')
      .select('id')
    assert.equal(order[149].id, fifth.id)
    assert.lengthOf(order, 230)

    // A thread added at the bottom: the answer shows the last page, its row marked.
    const added = await pages.post(route('threads.store'), {
      title: 'Last in line',
      format: 'Issue',
      issues_remaining: 1,
      at: 'bottom',
    })
    const last231 = await db
      .from('threads')
      .where({ user_id: user.id, title: 'Last in line' })
      .first()
    assert.equal(added.location, `${route('queue.show', {}, { page: 3 })}#feedback`)
    const shown = (await pages.follow(added)).html
    assert.include(shown, 'Added Last in line at position 231.')
    assert.include(shown, `class="qr changed" id="t${last231.id}"`)
  })

  test('the completed list shows the latest two hundred and counts them all', async ({
    client,
    assert,
  }) => {
    const { email, user } = await registerReader(client)
    await db.table('threads').multiInsert(
      range(1, 201).map((n) => ({
        user_id: user.id,
        title: `Finished ${n}`,
        format: 'Trade',
        issues_remaining: 0,
        sort_key: null,
        updated_at: new Date(Date.UTC(2026, 0, 1, 0, n)),
      }))
    )
    const { html } = await (await signedInPages(email)).get(route('queue.show'))
    assert.include(html, 'Completed threads (201)')
    assert.include(html, 'The 200 finished most recently.')
    const completed = html.slice(html.indexOf('<ul class="completed-list">'))
    const listed = [...completed.matchAll(/<a href="\/threads\/\d+">/g)]
    assert.lengthOf(listed, 200)
    assert.include(html, 'Finished 201')
    assert.notInclude(html, 'Finished 1 <')
  })
})

test.group('Adding a list of threads', (group) => {
  group.each.setup(() => resetDatabase())

  test('a pasted list goes to the front in its order, as one action, a title already there added as answered', async ({
    client,
    assert,
  }) => {
    // Given a reader with "Saga" and "Bone" in the queue
    const { email, user } = await registerReader(client)
    await insertThreads(user.id, [1])
    await db.from('threads').where({ user_id: user.id }).update({ title: 'Saga' })
    const pages = await signedInPages(email)
    await pages.get(route('queue.show'))

    // When three titles are pasted, one of them "SÁGA" and a blank line among them
    const added = await pages.post(route('threads.store_list'), {
      titles: 'Monstress\n\n  SÁGA  \r\nPaper Girls',
      format: 'Trade',
      issues_remaining: 6,
      at: 'top',
    })

    // Then the title already there is asked about first; added anyway, all three are
    // the front of the queue in the order given, and the answer says so
    assert.equal(added.status, 409)
    const answered = await pages.post(route('threads.store_list'), {
      titles: 'Monstress\n\n  SÁGA  \r\nPaper Girls',
      format: 'Trade',
      issues_remaining: 6,
      at: 'top',
      answer_1: 'add',
    })
    assert.equal(answered.location, `${route('queue.show')}#feedback`)
    const html = (await pages.follow(answered)).html
    assert.include(html, 'Added 3 threads, the first at position 1.')
    const order = await db
      .from('threads')
      .where({ user_id: user.id })
      .orderBy('sort_key')
      .select('title', 'format', 'issues_remaining')
    assert.deepEqual(
      order.map((row) => row.title),
      ['Monstress', 'SÁGA', 'Paper Girls', 'Saga']
    )
    assert.isTrue(order.slice(0, 3).every((row) => row.format === 'Trade'))

    // And one Undo takes all three back
    await pages.post(route('undo.store'))
    assert.lengthOf(await db.from('threads').where({ user_id: user.id }), 1)
  })

  test('a list past 200 titles, or with a title too long, is refused next to the field as typed', async ({
    client,
    assert,
  }) => {
    // Given a reader on the queue page
    const { email, user } = await registerReader(client)
    const pages = await signedInPages(email)
    await pages.get(route('queue.show'))
    const body = { format: 'Trade', issues_remaining: 2 }

    // When 201 titles are pasted
    const many = Array.from({ length: 201 }, (_, i) => `Title ${i + 1}`).join('\n')
    const tooMany = await pages.post(route('threads.store_list'), { ...body, titles: many })

    // Then the list comes back, as typed, with the message by the field; nothing is added
    assert.equal(tooMany.status, 422)
    assert.include(tooMany.html, 'Add at most 200 titles at once.')
    assert.include(tooMany.html, 'Title 201</textarea>')
    assert.match(tooMany.html, /<details class="paste-list" open>/)

    // When the second title is longer than a title may be
    const long = await pages.post(route('threads.store_list'), {
      ...body,
      titles: `Fine\n${'x'.repeat(201)}`,
    })
    assert.equal(long.status, 422)
    assert.include(long.html, 'Title 2 is longer than 200 characters.')
    assert.lengthOf(await db.from('threads').where({ user_id: user.id }), 0)
  })
})

test.group('Roll page', (group) => {
  group.each.setup(() => resetDatabase())

  test('the pool is the top of the queue, in order, as many as the die has faces', async ({
    client,
    assert,
  }) => {
    const { email, user } = await registerReader(client)
    // Keys inserted out of order: the page must order by the queue, not by insertion.
    await insertThreads(user.id, [5, 1, 9, 3, 7, 2, 8, 4, 6])
    const pages = await signedInPages(email)
    const poolOf = (html: string) =>
      [...html.matchAll(/<span class="pool-title">([^<]+)<\/span>/g)].map((match) => match[1])

    const d6 = await pages.get(route('roll.show'))
    assert.include(d6.html.replace(/<[^>]+>/g, ''), 'faces of the d6')
    assert.deepEqual(
      poolOf(d6.html),
      range(1, 6).map((n) => `Thread ${n}`)
    )

    // The die picker sets the session's die: the pool follows it.
    assert.equal((await pages.post(route('session.die.store'), { die: 8 })).status, 302)
    const d8 = await pages.get(route('roll.show'))
    assert.include(d8.html.replace(/<[^>]+>/g, ''), 'faces of the d8')
    assert.deepEqual(
      poolOf(d8.html),
      range(1, 8).map((n) => `Thread ${n}`)
    )
  })

  test('shows the stalest thread as a nudge and the latest action to undo, before and after the first session', async ({
    client,
    assert,
  }) => {
    const { email, user } = await registerReader(client)
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000 - 60_000)
    await db.table('threads').multiInsert([
      { user_id: user.id, title: 'Fresh', format: 'Issue', issues_remaining: 3, sort_key: GAP },
      {
        user_id: user.id,
        title: 'Forgotten',
        format: 'Trade',
        issues_remaining: 2,
        sort_key: 2 * GAP,
        created_at: tenDaysAgo,
        last_activity_at: tenDaysAgo,
      },
      // Read long ago but reviewed yesterday: touched yesterday, so not stale.
      {
        user_id: user.id,
        title: 'Reviewed',
        format: 'Trade',
        issues_remaining: 2,
        sort_key: 3 * GAP,
        created_at: new Date(Date.now() - 30 * 86_400_000),
        last_activity_at: new Date(Date.now() - 20 * 86_400_000),
        last_review_at: new Date(Date.now() - 86_400_000),
      },
    ])
    const pages = await signedInPages(email)

    const before = await pages.get(route('roll.show'))
    assert.match(
      before.html,
      /<strong>Forgotten<\/strong>\s*<\/p>\s*<p[^>]*>Not touched in 10 days/
    )
    assert.notInclude(before.html, `action="${route('undo.store')}"`)
    // The queue page tells the same, on the row of the thread it concerns.
    const rows = (await pages.get(route('queue.show'))).html.split('<li class="qr')
    const rowOf = (title: string) => rows.find((row) => row.includes(`>${title}</a>`))!
    assert.include(rowOf('Forgotten'), 'idle 10 days')
    assert.notInclude(rowOf('Fresh'), 'idle')
    assert.notInclude(rowOf('Reviewed'), 'idle')

    // No session yet: the undo button comes from the reader's snapshots alone.
    await pages.post(route('threads.store'), {
      title: 'Saga',
      format: 'Trade',
      issues_remaining: 4,
      at: 'top',
    })
    const added = await pages.get(route('roll.show'))
    assert.include(added.html, `action="${route('undo.store')}"`)
    assert.match(added.html, /class="undo-what">[^<]*Saga/)

    // With a session: the button is read with it, and names the latest action.
    assert.equal((await pages.post(route('roll.store'))).status, 302)
    const rolled = await pages.get(route('roll.show'))
    assert.match(rolled.html, /class="undo-what">Roll: /)
    assert.match((await pages.get(route('queue.show'))).html, /class="undo-what">Roll: /)
    assert.match((await pages.get(route('rate.show'))).html, /class="undo-what">Roll: /)
  })

  test('the rate page and its answer say what the rules do: a pick by hand, the last issue, a finished session', async ({
    client,
    assert,
  }) => {
    // Given a reader whose queue has a thread with one issue left
    const { email, user } = await registerReader(client)
    await insertThreads(user.id, [1, 2, 3])
    await db.from('threads').where({ user_id: user.id, title: 'Thread 2' }).update({
      issues_remaining: 1,
    })
    const last = await db.from('threads').where({ user_id: user.id, title: 'Thread 2' }).first()
    const pages = await signedInPages(email)

    // When it is picked by hand on the roll page
    await pages.get(route('roll.show'))
    await pages.post(route('roll.override'), { thread_id: last.id })

    // Then the rate page says so, and that any rating completes it
    const rate = (await pages.get(route('rate.show'))).html
    assert.include(rate, 'picked by hand, rated on the d6')
    assert.notInclude(rate, 'rolled on')
    assert.include(
      rate,
      '4.0 and up: Completes the thread · die steps down to d4. Lower: Completes the thread · die steps up to d8.'
    )
    assert.include(rate, 'Finishing the session: the next one starts on the d6.')

    // When it is rated and the session finished
    const rated = await pages.post(route('rate.store'), { rating: 4.5, finish_session: 'true' })

    // Then the answer tells what happened: completed, and the next session's die
    assert.include(
      (await pages.follow(rated)).html,
      'Thread 2: ★★★★½ · Completed: it leaves the queue · session finished: the next starts on the d6.'
    )

    // And a rolled read says it was rolled
    await pages.post(route('roll.store'))
    assert.include((await pages.get(route('rate.show'))).html, 'rolled on the d6')
  })
})

test.group('Page session cookie', (group) => {
  group.each.setup(() => resetDatabase())

  test('a page view that changes nothing leaves the session data alone; a flash rewrites it', async ({
    client,
    assert,
  }) => {
    const { email } = await registerReader(client)
    const pages = await signedInPages(email)
    const setCookies = (response: { headers: Headers }) =>
      response.headers.getSetCookie().map((line) => line.slice(0, line.indexOf('=')))
    await pages.get(route('roll.show')) // shows (and so consumes) the sign-in's flash
    const quiet = await pages.get(route('queue.show'))
    assert.equal(quiet.status, 200)
    const rewritten = setCookies(quiet).filter((name) => name !== 'cp_session')
    assert.deepEqual(rewritten, [], 'no session data cookie on a page view that changed nothing')

    const added = await pages.post(route('threads.store'), {
      title: 'Saga',
      format: 'Issue',
      issues_remaining: 3,
      at: 'bottom',
    })
    assert.equal(added.status, 302)
    assert.isNotEmpty(setCookies(added).filter((name) => name !== 'cp_session'))
    const shown = await pages.follow(added)
    assert.include(shown.html, 'Added Saga')
  })
})
