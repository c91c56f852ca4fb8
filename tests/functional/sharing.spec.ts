import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { PASSWORD, apiReader, route, signedInPages } from '#tests/support/accounts'
import { BASE_URL } from '#tests/bootstrap'
import { GAP } from '#domain/queue'
import { SHARE_LIMIT } from '#domain/shares'

type Reader = Awaited<ReturnType<typeof apiReader>>

/** A reader with a queue of `count` threads ("Thread 1"…), 5 issues left each, and a note and tags. */
async function readerWithQueue(client: ApiClient, count = 3) {
  const r = await apiReader(client)
  await db.table('threads').multiInsert(
    Array.from({ length: count }, (_, i) => ({
      user_id: r.user.id,
      title: `Thread ${i + 1}`,
      format: i % 2 ? 'Issue' : 'Trade',
      issues_remaining: 5,
      sort_key: (i + 1) * GAP,
      notes: 'my secret note',
      tags: ['hush-tag'],
      tag_keys: ['hush-tag'],
    }))
  )
  return r
}

const makeLink = (r: Reader, body: object = { what: 'queue' }) =>
  r.call('post', route('api.shares.store'), body)

/** Opens a shared link as a stranger would: no cookie, no token, nothing followed. */
async function open(url: string) {
  const response = await fetch(url.startsWith('http') ? url : `${BASE_URL}${url}`, {
    redirect: 'manual',
  })
  return { status: response.status, headers: response.headers, html: await response.text() }
}

const tokenOf = (url: string) => new URL(url).pathname.split('/').at(-1)!
const sharesOf = (userId: number) => db.from('shares').where('user_id', userId).orderBy('id')

test.group('Sharing a list', (group) => {
  group.each.setup(() => resetDatabase())

  test('a link to the queue shows titles, formats and issues left in order, live, and nothing else', async ({
    client,
    assert,
  }) => {
    const r = await readerWithQueue(client)
    const made = await makeLink(r)
    made.assertStatus(201)
    const link = made.body()
    assert.match(link.url, /\/s\/[\w-]{43}$/)
    assert.equal(link.what, 'queue')
    assert.isNull(link.order_id)
    assert.equal(link.ends_with, tokenOf(link.url).slice(-4))
    assert.equal(made.header('cache-control'), 'no-store')

    // Only the token's hash and its last four characters are kept
    const [row] = await sharesOf(r.user.id)
    assert.lengthOf(row.token_hash, 32)
    assert.notInclude(JSON.stringify(row), tokenOf(link.url))

    // The list of links never holds an address again
    const listed = await r.call('get', route('api.shares.index'))
    listed.assertStatus(200)
    assert.deepEqual(listed.body(), {
      data: [
        {
          id: link.id,
          what: 'queue',
          order_id: null,
          created_at: link.created_at,
          ends_with: link.ends_with,
        },
      ],
    })

    const page = await open(link.url)
    assert.equal(page.status, 200)
    assert.equal(page.headers.get('cache-control'), 'private, no-store')
    assert.include(page.headers.get('x-robots-tag')!, 'noindex')
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer')
    assert.deepEqual(page.headers.getSetCookie(), [])
    assert.include(page.html, '<meta name="robots" content="noindex, nofollow">')
    assert.match(
      page.html,
      /Thread 1<\/span><span class="visually-hidden">, <\/span><span[^>]*>Trade &middot; 5 issues left[\s\S]*Thread 2<\/span><span class="visually-hidden">, <\/span><span[^>]*>Issue &middot; 5 issues left[\s\S]*Thread 3/
    )
    const threadIds = (await db.from('threads').where('user_id', r.user.id)).map((t) => t.id)
    for (const never of [
      r.email,
      'my secret note',
      'hush-tag',
      route('threads.show', { id: threadIds[0] }),
    ]) {
      assert.notInclude(page.html, never)
    }
    // Its address (its secret) is nowhere in the page
    assert.notInclude(page.html, tokenOf(link.url))

    // Live: a thread deleted leaves it, a new one joins it
    const second = await db.from('threads').where({ user_id: r.user.id, title: 'Thread 2' }).first()
    ;(await r.call('delete', route('api.threads.destroy', { id: second.id }))).assertStatus(204)
    await r.call('post', route('api.threads.store'), {
      title: 'Fresh',
      format: 'Trade',
      issues_remaining: 2,
    })
    const later = await open(link.url)
    assert.notInclude(later.html, 'Thread 2')
    assert.include(later.html, 'Fresh')
  })

  test('a link to an order shows its entries in order with their read state; another reader’s order is a 404', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const order = await r.call('post', route('api.orders.store'), {
      name: 'Civil War',
      mode: 'strict',
      entries: [
        { series: 'Civil War', number: '1' },
        { series: 'Amazing Spider-Man', number: '532' },
        { series: 'Civil War', number: '2' },
      ],
    })
    order.assertStatus(201)
    const orderId = order.body().id
    const first = await db.from('issues').where({ user_id: r.user.id, number: '1' }).first()
    await r.call('post', route('api.issues.read', { id: first.id }))

    const made = await makeLink(r, { what: 'order', order_id: orderId })
    made.assertStatus(201)
    assert.equal(made.body().order_id, orderId)
    const page = await open(made.body().url)
    assert.equal(page.status, 200)
    assert.include(page.html, '<h1>Civil War</h1>')
    assert.include(page.html, '1 of 3 read')
    assert.match(
      page.html,
      /Civil War #1[\s\S]*✓ <\/span>read[\s\S]*Amazing Spider-Man #532[\s\S]*not read yet[\s\S]*Civil War #2/
    )

    // Another reader's order, or none: a 404, and no link made
    const other = await apiReader(client)
    const refused = await makeLink(other, { what: 'order', order_id: orderId })
    refused.assertStatus(404)
    const invalid = await makeLink(other, { what: 'order' })
    invalid.assertStatus(422)
    assert.equal(invalid.body().errors[0].field, 'order_id')
    const odd = await makeLink(other, { what: 'everything' })
    odd.assertStatus(422)
    assert.lengthOf(await sharesOf(other.user.id), 0)
  })

  test('revoked, deleted, tampered and unknown links answer the same 404', async ({
    client,
    assert,
  }) => {
    const r = await readerWithQueue(client)
    const order = await r.call('post', route('api.orders.store'), {
      name: 'Event',
      entries: [{ series: 'Thread 1', number: '1' }],
    })
    const revoked = (await makeLink(r)).body()
    const kept = (await makeLink(r)).body()
    const ofOrder = (await makeLink(r, { what: 'order', order_id: order.body().id })).body()

    // Another reader cannot revoke it
    const other = await apiReader(client)
    ;(await other.call('delete', route('api.shares.destroy', { id: revoked.id }))).assertStatus(404)
    assert.lengthOf(await sharesOf(r.user.id), 3)

    ;(await r.call('delete', route('api.shares.destroy', { id: revoked.id }))).assertStatus(204)
    ;(await r.call('delete', route('api.shares.destroy', { id: revoked.id }))).assertStatus(404)
    ;(await r.call('delete', route('api.orders.destroy', { id: order.body().id }))).assertStatus(
      204
    )
    // Undo brings the order back, never its link
    ;(await r.call('post', route('api.undo.store'))).assertStatus(200)
    assert.isOk(await db.from('reading_orders').where('id', order.body().id).first())

    const token = tokenOf(kept.url)
    const tampered = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`
    const answers = await Promise.all(
      [
        revoked.url,
        ofOrder.url,
        route('shared.show', { token: tampered }),
        route('shared.show', { token: 'made-up' }),
        route('shared.show', { token: 'x'.repeat(200) }),
        route('shared.show', { token: '%00%FF' }),
        route('shared.show', { token: 'y'.repeat(5000) }),
        `${kept.url}/more`,
        route('shared.show_deeper', { 'token': token, '*': ['a', 'b'] }),
      ].map(open)
    )
    for (const answer of answers) {
      assert.equal(answer.status, 404)
      assert.equal(answer.html, answers[0].html)
      assert.equal(answer.headers.get('cache-control'), 'private, no-store')
      assert.equal(answer.headers.get('referrer-policy'), 'no-referrer')
      assert.deepEqual(answer.headers.getSetCookie(), [])
    }
    assert.include(answers[0].html, 'This link shows nothing')
    assert.equal((await open(kept.url)).status, 200)
  })

  test('at most 10 live links, even asked for at once; making or revoking one is not undoable', async ({
    client,
    assert,
  }) => {
    const r = await readerWithQueue(client)
    const answers = await Promise.all(Array.from({ length: SHARE_LIMIT + 3 }, () => makeLink(r)))
    const statuses = answers.map((answer) => answer.status()).sort()
    assert.deepEqual(statuses, [...Array(SHARE_LIMIT).fill(201), 409, 409, 409])
    const refused = answers.find((answer) => answer.status() === 409)!
    assert.include(refused.body().errors[0].message, 'Revoke one')
    assert.lengthOf(await sharesOf(r.user.id), SHARE_LIMIT)

    // Nothing to undo: the links are no action of the ritual's
    ;(await r.call('post', route('api.undo.store'))).assertStatus(409)
    const one = answers.find((answer) => answer.status() === 201)!.body()
    ;(await r.call('delete', route('api.shares.destroy', { id: one.id }))).assertStatus(204)
    ;(await r.call('post', route('api.undo.store'))).assertStatus(409)
    assert.equal((await open(one.url)).status, 404)
    ;(await makeLink(r)).assertStatus(201)
  })

  test('deleting the account ends its links at once', async ({ client, assert }) => {
    const r = await readerWithQueue(client)
    const link = (await makeLink(r)).body()
    assert.equal((await open(link.url)).status, 200)
    ;(await r.call('delete', route('api.me.destroy'), { password: PASSWORD })).assertStatus(204)
    assert.equal((await open(link.url)).status, 404)
    assert.lengthOf(await db.from('shares'), 0)
  })

  test('100 threads a page, through relative links; a page past the end says so', async ({
    client,
    assert,
  }) => {
    const r = await readerWithQueue(client, 150)
    const link = (await makeLink(r)).body()
    const first = await open(link.url)
    assert.include(first.html, 'Series 1&ndash;100 of 150')
    assert.include(first.html, 'href="?page=2"')
    assert.include(first.html, 'Thread 100<')
    assert.notInclude(first.html, 'Thread 101<')
    const second = await open(`${link.url}?page=2`)
    assert.include(second.html, '<ol class="shared-list" start="101">')
    assert.include(second.html, 'Thread 150<')
    assert.notInclude(second.html, 'Thread 100<')
    const past = await open(`${link.url}?page=9`)
    assert.equal(past.status, 200)
    assert.include(past.html, 'href="?page=1"')
    for (const odd of ['0', '-1', 'abc', '1e9', '99999999999']) {
      assert.equal((await open(`${link.url}?page=${odd}`)).status, 200, odd)
    }
  })

  test('the shared page is throttled to 60 a minute per address, for every link together', async ({
    client,
    assert,
  }) => {
    const r = await readerWithQueue(client)
    const link = (await makeLink(r)).body()
    for (let i = 0; i < 59; i++) assert.equal((await open(link.url)).status, 200)
    assert.equal((await open(route('shared.show', { token: 'made-up' }))).status, 404)
    const throttled = await open(link.url)
    assert.equal(throttled.status, 429)
    assert.isOk(throttled.headers.get('retry-after'))
    assert.equal(throttled.headers.get('cache-control'), 'private, no-store')
    assert.deepEqual(throttled.headers.getSetCookie(), [])
  })

  test('from the queue page: make a link (shown once), see it listed, revoke it', async ({
    client,
    assert,
  }) => {
    const r = await readerWithQueue(client)
    const pages = await signedInPages(r.email)
    const queue = await pages.get(route('queue.show'))
    assert.include(queue.html, `href="${route('queue.share')}">Share…</a>`)
    const empty = await pages.get(route('queue.share'))
    assert.equal(empty.status, 200)
    assert.include(empty.html, 'No live links to your queue.')

    const made = await pages.post(route('queue.shares.store'), {})
    assert.equal(made.status, 302)
    assert.equal(made.location, route('queue.share'))
    const shown = await pages.get(route('queue.share'))
    const url = /<code id="share-url">([^<]+)<\/code>/.exec(shown.html)![1]
    assert.equal(shown.headers.get('cache-control'), 'no-store')
    assert.isNull(shown.headers.get('content-encoding'))
    assert.equal((await open(url)).status, 200)
    assert.include(shown.html, `Link ending in <code>…${tokenOf(url).slice(-4)}</code>`)
    // Shown once only
    const again = await pages.get(route('queue.share'))
    assert.notInclude(again.html, tokenOf(url))
    assert.include(again.html, '1 of 10 links in use')

    const [row] = await sharesOf(r.user.id)
    // Revoking asks first, on a page of its own without the script
    assert.include(shown.html, route('shares.confirm_destroy', { id: row.id }))
    const ask = await pages.get(route('shares.confirm_destroy', { id: row.id }))
    assert.equal(ask.status, 200)
    assert.include(
      ask.html,
      `Revoke the link ending in <span class="link-end">…${row.ends_with}?</span>`
    )
    assert.include(ask.html, `href="${route('queue.share')}">Keep it</a>`)
    assert.equal((await open(url)).status, 200)
    const revoked = await pages.post(
      route('shares.destroy', { id: row.id }, { _method: 'DELETE' }),
      {}
    )
    assert.equal(revoked.status, 302)
    assert.equal(revoked.location, route('queue.share'))
    assert.include((await pages.get(route('queue.share'))).html, 'Link revoked')
    assert.equal((await open(url)).status, 404)
    assert.equal((await pages.get(route('shares.confirm_destroy', { id: row.id }))).status, 404)
  })

  test('from an order’s page; past the limit the page says so and makes nothing', async ({
    client,
    assert,
  }) => {
    const r = await readerWithQueue(client)
    const order = await r.call('post', route('api.orders.store'), {
      name: 'Event',
      entries: [{ series: 'Thread 1', number: '1' }],
    })
    const id = order.body().id
    const pages = await signedInPages(r.email)
    assert.include(
      (await pages.get(route('orders.show', { id }))).html,
      route('orders.share', { id })
    )
    const page = await pages.get(route('orders.share', { id }))
    assert.include(page.html, 'Share “Event”')
    const made = await pages.post(route('orders.shares.store', { id }), {})
    assert.equal(made.location, route('orders.share', { id }))
    const [row] = await sharesOf(r.user.id)
    assert.equal(row.order_id, id)
    // A revoke from a form that expired shows this order's links again, the link still live
    const expired = await pages.post(
      route('shares.destroy', { id: row.id }, { _method: 'DELETE' }),
      {},
      { csrf: 'expired-token' }
    )
    assert.equal(expired.status, 403)
    assert.include(expired.html, 'This form had expired')
    assert.include(expired.html, 'Share “Event”')
    assert.include(expired.html, `Link ending in <code>…${row.ends_with}</code>`)
    assert.lengthOf(await sharesOf(r.user.id), 1)

    for (let i = 1; i < SHARE_LIMIT; i++) (await makeLink(r)).assertStatus(201)
    const full = await pages.get(route('orders.share', { id }))
    assert.include(full.html, 'the most there can be')
    // The other links are found from here: the queue holds 9 of them
    assert.include(full.html, `<a href="${route('queue.share')}">Your queue</a>`)
    assert.include(full.html, '(9 links)')
    assert.notInclude(full.html, 'Make a link')
    const refused = await pages.post(route('orders.shares.store', { id }), {})
    assert.equal(refused.status, 409)
    assert.include(refused.html, 'Revoke one to make another.')
    assert.lengthOf(await sharesOf(r.user.id), SHARE_LIMIT)
  })
})
