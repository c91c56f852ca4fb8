import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { apiReader, route, signedInPages } from '#tests/support/accounts'
import { factsAt } from '#domain/orders/facts_cache'
import { orderFacts } from '#domain/orders/reading'

type Reader = Awaited<ReturnType<typeof apiReader>>

/** Adds a thread at the back listing `numbers`; its id and issues by number. */
async function listed(r: Reader, title: string, numbers: string) {
  const thread = (
    await r.call('post', route('api.threads.store'), {
      title,
      format: 'Issue',
      issues_remaining: 1,
      at: 'bottom',
    })
  ).body()
  const issues = (
    await r.call('post', route('api.threads.issues.store', { id: thread.id }), { numbers })
  ).body().data as Array<{ id: number; number: string }>
  return { id: thread.id as number, issue: Object.fromEntries(issues.map((i) => [i.number, i.id])) }
}

/** Civil War #1, Amazing Spider-Man #532, Civil War #2 over two listed threads and Saga. */
async function civilWar(client: Parameters<typeof apiReader>[0], mode: 'guide' | 'strict') {
  const r = await apiReader(client)
  const spiderMan = await listed(r, 'Amazing Spider-Man (1999)', '530-533')
  const civil = await listed(r, 'Civil War (2006)', '1-3')
  await r.call('post', route('api.threads.store'), {
    title: 'Saga',
    format: 'Trade',
    issues_remaining: 5,
    at: 'bottom',
  })
  const order = await r.call('post', route('api.orders.store'), {
    name: 'Civil War',
    mode,
    entries: [
      { series: 'Civil War', volume: '2006', number: '1' },
      { series: 'Amazing Spider-Man', volume: '1999', number: '532' },
      { series: 'Civil War', volume: '2006', number: '2' },
    ],
  })
  order.assertStatus(201)
  return { r, spiderMan, civil, orderId: order.body().id as number }
}

const session = async (r: Reader) => (await r.call('get', route('api.session.show'))).body()

/** The threads strict orders hold back, worked out from the rows alone. */
async function heldBackFromScratch(userId: number) {
  const entries = await db
    .from('order_entries as e')
    .join('reading_orders as o', 'o.id', 'e.order_id')
    .join('issues as i', 'i.id', 'e.issue_id')
    .where('e.user_id', userId)
    .orderBy(['e.order_id', 'e.position'])
    .select('e.order_id', 'e.position', 'o.mode', 'i.id as issue_id', 'i.thread_id', 'i.read_at')
  const issues = await db
    .from('issues')
    .where('user_id', userId)
    .whereNull('read_at')
    .orderBy(['thread_id', 'ordinal'])
    .select('id', 'thread_id')
  const nextOf = new Map<number, number>()
  for (const issue of issues)
    if (!nextOf.has(issue.thread_id)) nextOf.set(issue.thread_id, issue.id)
  const firsts = new Set<number>()
  const seen = new Set<number>()
  for (const e of entries) {
    if (e.read_at || seen.has(e.order_id)) continue
    seen.add(e.order_id)
    firsts.add(e.thread_id)
  }
  const held = new Set<number>()
  for (const e of entries) {
    if (e.mode !== 'strict' || firsts.has(e.thread_id) || nextOf.get(e.thread_id) !== e.issue_id) {
      continue
    }
    const waits = entries.some(
      (w) =>
        w.order_id === e.order_id &&
        w.position < e.position &&
        !w.read_at &&
        w.thread_id !== e.thread_id
    )
    if (waits) held.add(e.thread_id)
  }
  return [...held].sort((a, b) => a - b)
}

test.group('Reading orders on the roll', (group) => {
  group.each.setup(() => resetDatabase())

  test('the session names each order’s next entry; read it now carries that issue, and rating marks it', async ({
    client,
    assert,
  }) => {
    // Given a guide order whose next entry after Civil War #1 is Amazing Spider-Man #532
    const { r, spiderMan, civil } = await civilWar(client, 'guide')
    await r.call('post', route('api.issues.read', { id: civil.issue['1'] }))
    await r.call('post', route('api.roll.store'))
    const before = await session(r)
    assert.deepEqual(
      before.session.orders.map((o: { name: string; next_entry: { number: string } }) => [
        o.name,
        o.next_entry.number,
      ]),
      [['Civil War', '532']]
    )
    assert.deepEqual(before.session.held_back, [])

    // When the reader reads it now
    const picked = await r.call('post', route('api.roll.override'), {
      thread_id: spiderMan.id,
      issue_id: spiderMan.issue['532'],
    })

    // Then the pending read carries #532, and rating one issue marks #532 (not #530)
    picked.assertStatus(200)
    assert.deepEqual(picked.body().session.pending_issue, {
      id: spiderMan.issue['532'],
      number: '532',
    })
    const rated = await r.call('post', route('api.rate.store'), { rating: 4.5, issues_read: 1 })
    rated.assertStatus(200)
    const read = await db.from('issues').where('thread_id', spiderMan.id).whereNotNull('read_at')
    assert.deepEqual(
      read.map((issue) => issue.number),
      ['532']
    )
    assert.isNull(rated.body().session.pending_issue)
    assert.equal(rated.body().session.orders[0].next_entry.number, '2')

    // When the rating is undone, the order steps back with the issue
    await r.call('post', route('api.undo.store')).then((res) => res.assertStatus(200))
    const undone = await session(r)
    assert.equal(undone.session.orders[0].next_entry.number, '532')
    assert.equal(undone.session.pending_issue.number, '532')

    // An issue not of that thread, or already read, is refused on issue_id
    for (const issueId of [civil.issue['2'], civil.issue['1']]) {
      const refused = await r.call('post', route('api.roll.override'), {
        thread_id: spiderMan.id,
        issue_id: issueId,
      })
      refused.assertStatus(422)
      assert.equal(refused.body().errors[0].field, 'issue_id')
    }
  })

  test('a strict order holds back a thread whose next issue waits for another thread’s entry; the first unread entry never waits', async ({
    client,
    assert,
  }) => {
    // Given a strict order, and Amazing Spider-Man read up to #532 (its next issue)
    const { r, spiderMan, civil, orderId } = await civilWar(client, 'strict')
    for (const number of ['530', '531']) {
      await r.call('post', route('api.issues.read', { id: spiderMan.issue[number] }))
    }

    // Then it waits for Civil War #1; Civil War holds the first unread entry and stays
    const held = (await session(r)).session.held_back
    assert.deepEqual(held, [
      {
        id: spiderMan.id,
        title: 'Amazing Spider-Man (1999)',
        waiting_for: {
          order_id: held[0].waiting_for.order_id,
          order_name: 'Civil War',
          thread_title: 'Civil War (2006)',
          number: '1',
        },
      },
    ])

    // And no roll picks it, though it is first in the queue
    for (let i = 0; i < 8; i++) {
      const rolled = await r.call('post', route('api.roll.store'))
      rolled.assertStatus(200)
      assert.notEqual(rolled.body().thread.id, spiderMan.id)
    }
    const page = await r.call('get', route('api.session.show'))
    assert.lengthOf(page.body().session.held_back, 1)

    // When Civil War #1 is read, Spider-Man's #532 is the first unread entry: it rolls again,
    // and Civil War, whose next issue (#2) comes after it, waits in its turn
    await r.call('post', route('api.issues.read', { id: civil.issue['1'] }))
    const after = (await session(r)).session.held_back
    assert.deepEqual(
      after.map((t: { id: number; waiting_for: { number: string } }) => [
        t.id,
        t.waiting_for.number,
      ]),
      [[civil.id, '532']]
    )

    // Made a guide, the order holds nothing back
    await r.call('patch', route('api.orders.update', { id: orderId }), { mode: 'guide' })
    assert.deepEqual((await session(r)).session.held_back, [])
  })

  test('the roll page names the first five threads held back, those the queue holds first, and counts the rest', async ({
    client,
    assert,
  }) => {
    // Given threads S2…S9 added each at the top (the queue reads S9, S8, … S2) and a strict
    // order S1 #1, S2 #1, … S9 #1: S1 (made at the back) holds the first unread entry
    const r = await apiReader(client)
    for (let k = 2; k <= 9; k++) {
      const made = await r.call('post', route('api.threads.store'), {
        title: `S${k}`,
        format: 'Issue',
        issues_remaining: 1,
        at: 'top',
      })
      made.assertStatus(201)
    }
    const entries = Array.from({ length: 9 }, (_, i) => ({ series: `S${i + 1}`, number: '1' }))
    ;(
      await r.call('post', route('api.orders.store'), { name: 'Event', mode: 'strict', entries })
    ).assertStatus(201)

    // Then the roll page's pool is S1 alone, face 1, ninth in the queue; the page names five
    // of the threads held back, the queue's first first, and counts the other three
    const pages = await signedInPages(r.email)
    const page = await pages.get(route('roll.show'))
    assert.include(page.html, '#9 in queue')
    const named = [
      ...page.html.matchAll(/<li>(S\d) <span class="muted">&mdash; waiting for S1 #1/g),
    ]
    assert.deepEqual(
      named.map((match) => match[1]),
      ['S9', 'S8', 'S7', 'S6', 'S5']
    )
    assert.include(page.html, 'And 3 more threads of your strict orders, each waiting its turn')
    assert.include(page.html, `<a href="${route('orders.index')}">your reading orders</a>`)

    // When the evening starts: the pool is S1 alone
    const rolled = await r.call('post', route('api.roll.store'))
    assert.equal(rolled.body().thread.title, 'S1')

    // And the API holds all eight back, in queue order
    const held = (await session(r)).session.held_back as Array<{ title: string }>
    assert.deepEqual(
      held.map((thread) => thread.title),
      ['S9', 'S8', 'S7', 'S6', 'S5', 'S4', 'S3', 'S2']
    )
  })

  test('the order facts an action answers with are kept for the version its commit made, and agree with the rows', async ({
    client,
    assert,
  }) => {
    // Given a strict order, Amazing Spider-Man held back behind Civil War #1
    const { r, civil, orderId } = await civilWar(client, 'strict')
    const userId = r.user.id as number
    const keptNow = async () => {
      const { state_version: version } = await db.from('users').where('id', userId).first()
      return factsAt(userId, Number(version))
    }
    const steps: Array<[string, () => Promise<unknown>, boolean]> = [
      [
        'read it now',
        () =>
          r.call('post', route('api.roll.override'), {
            thread_id: civil.id,
            issue_id: civil.issue['1'],
          }),
        true,
      ],
      ['rate', () => r.call('post', route('api.rate.store'), { rating: 5, issues_read: 1 }), true],
      ['undo', () => r.call('post', route('api.undo.store')), false],
      ['roll', () => r.call('post', route('api.roll.store')), true],
      ['snooze', () => r.call('post', route('api.roll.snooze')), true],
      ['die', () => r.call('post', route('api.session.die.store'), { die: 10 }), false],
      ['roll', () => r.call('post', route('api.roll.store')), true],
      ['skip', () => r.call('post', route('api.roll.skip')), true],
      ['roll', () => r.call('post', route('api.roll.store')), true],
      ['rate', () => r.call('post', route('api.rate.store'), { rating: 4, issues_read: 1 }), true],
      [
        'mark read',
        () => r.call('post', route('api.issues.read', { id: civil.issue['3'] })),
        false,
      ],
      ['session', () => r.call('get', route('api.session.show')), true],
      [
        'mode',
        () => r.call('patch', route('api.orders.update', { id: orderId }), { mode: 'guide' }),
        false,
      ],
      ['session', () => r.call('get', route('api.session.show')), true],
    ]
    for (const [name, step, keeps] of steps) {
      const answer = (await step()) as { status(): number; body(): unknown }
      assert.equal(answer.status(), 200, `${name}: ${JSON.stringify(answer.body())}`)
      // Then what is kept for the reader's version (always, after an answer that told the
      // orders) is what the rows tell afresh
      const kept = await keptNow()
      if (keeps) assert.isNotNull(kept, `facts kept after ${name}`)
      if (kept) assert.deepEqual(kept, await orderFacts(db.connection(), userId), name)
    }
  })

  test('a reader without orders is told none, and rolls as before', async ({ client, assert }) => {
    const r = await apiReader(client)
    await r.call('post', route('api.threads.store'), {
      title: 'Saga',
      format: 'Trade',
      issues_remaining: 3,
    })
    const rolled = await r.call('post', route('api.roll.store'))
    rolled.assertStatus(200)
    assert.deepEqual(
      [
        rolled.body().session.orders,
        rolled.body().session.held_back,
        rolled.body().session.pending_issue,
      ],
      [[], [], null]
    )
  })

  test('racing rolls, rates, marks and undos on a strict order: a held-back thread is never rolled, and held_back agrees with the rows', async ({
    client,
    assert,
  }) => {
    // Given a strict order across four threads, interleaved
    const r = await apiReader(client)
    const threads = []
    for (const title of ['North', 'East', 'South', 'West']) {
      threads.push(await listed(r, title, '1-6'))
    }
    const entries = []
    for (let n = 1; n <= 6; n++) {
      for (const title of ['North', 'East', 'South', 'West'])
        entries.push({ series: title, number: String(n) })
    }
    ;(
      await r.call('post', route('api.orders.store'), { name: 'Compass', mode: 'strict', entries })
    ).assertStatus(201)
    const everyIssue = threads.flatMap((t) => Object.values(t.issue))

    // When rolls, rates, marks and undos race in rounds
    const rolled: Array<{ thread: number; held: number[] }> = []
    for (let round = 0; round < 6; round++) {
      const answers = await Promise.all([
        r.call('post', route('api.roll.store')),
        r.call('post', route('api.rate.store'), { rating: 4, issues_read: 1 }),
        r.call(
          'post',
          route('api.issues.read', { id: everyIssue[(round * 5) % everyIssue.length] })
        ),
        r.call('post', route('api.undo.store')),
        r.call('post', route('api.roll.store')),
      ])
      for (const answer of answers) assert.isBelow(answer.status(), 500)
      for (const answer of [answers[0], answers[4]]) {
        if (answer.status() !== 200) continue
        rolled.push({
          thread: answer.body().thread.id,
          held: answer.body().session.held_back.map((t: { id: number }) => t.id),
        })
      }

      // Then after each round the answer agrees with the rows
      const told = (await session(r)).session.held_back.map((t: { id: number }) => t.id)
      assert.deepEqual(
        [...told].sort((a: number, b: number) => a - b),
        await heldBackFromScratch(r.user.id)
      )
    }
    assert.isNotEmpty(rolled)
    for (const roll of rolled) assert.notInclude(roll.held, roll.thread)
    const order = (await r.call('get', route('api.orders.index'))).body().data[0]
    const read = await db
      .from('issues')
      .where('user_id', r.user.id)
      .whereNotNull('read_at')
      .count('* as n')
    assert.equal(order.entries_read, Number(read[0].n))
  })
})
