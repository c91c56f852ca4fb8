import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { PASSWORD, registerReader, route, signedInPages } from '#tests/support/accounts'
import { BASE_URL } from '#tests/bootstrap'

/** Posts a form body as a browser on another site would: no cookies, no token. */
const postFromElsewhere = (path: string, fields: Record<string, string>, site = 'cross-site') =>
  fetch(`${BASE_URL}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': site,
      'origin': 'https://elsewhere.example',
    },
    body: new URLSearchParams(fields),
  })

test.group('Forms from elsewhere', (group) => {
  group.each.setup(() => resetDatabase())

  test('a _method in the body changes nothing: the CSRF token is still checked', async ({
    client,
    assert,
  }) => {
    const { email, user } = await registerReader(client)
    const pages = await signedInPages(email)
    await pages.get(route('queue.show'))

    for (const method of ['GET', 'HEAD', 'XYZ']) {
      const added = await pages.post(
        route('threads.store'),
        { _method: method, title: `Planted ${method}`, format: 'Trade', issues_remaining: 1 },
        { csrf: false }
      )
      assert.equal(added.status, 403, method)
    }
    assert.lengthOf(await db.from('threads').where('user_id', user.id), 0)

    // And sign-in (a guest form) too: no token, no sign-in
    const guest = await fetch(`${BASE_URL}${route('session.store')}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _method: 'GET', email, password: PASSWORD }),
    })
    assert.equal(guest.status, 403)
    assert.notMatch(guest.headers.getSetCookie().join('; '), /cp_token=[^;]/)
  })

  test("another site's form is refused before any session: no cookie set, cleared or replaced", async ({
    client,
    assert,
  }) => {
    const { email } = await registerReader(client)
    for (const [path, fields] of [
      [route('session.store'), { email, password: PASSWORD }],
      [route('roll.store'), {}],
      [route('threads.store'), { title: 'Planted', format: 'Trade', issues_remaining: '1' }],
    ] as const) {
      for (const site of ['cross-site', 'same-site']) {
        const answer = await postFromElsewhere(path, fields, site)
        assert.equal(answer.status, 403, `${path} ${site}`)
        assert.deepEqual(answer.headers.getSetCookie(), [], `${path} ${site}`)
        assert.include(await answer.text(), 'This form came from another site')
      }
    }
    assert.lengthOf(await db.from('threads'), 0)

    // A signed-in reader whose browser sent the cookies anyway keeps them all
    const pages = await signedInPages(email)
    const cookies = new Map(pages.cookies)
    const forged = await pages.post(
      route('threads.store'),
      { title: 'Planted', format: 'Trade', issues_remaining: 1 },
      { headers: { 'sec-fetch-site': 'cross-site' } }
    )
    assert.equal(forged.status, 403)
    assert.deepEqual(forged.headers.getSetCookie(), [])
    assert.deepEqual(pages.cookies, cookies)
    assert.lengthOf(await db.from('threads'), 0)
  })

  test('a request without the sign-in cookie clears none; a dead cookie is cleared', async ({
    assert,
  }) => {
    const bare = await fetch(`${BASE_URL}${route('queue.show')}`, { redirect: 'manual' })
    assert.equal(bare.status, 302)
    assert.notMatch(bare.headers.getSetCookie().join('; '), /cp_token=/)
    const dead = await fetch(`${BASE_URL}${route('queue.show')}`, {
      redirect: 'manual',
      headers: { cookie: 'cp_token=not-a-token' },
    })
    assert.equal(dead.status, 302)
    assert.match(dead.headers.getSetCookie().join('; '), /cp_token=;/)
  })

  test('field names of Object.prototype are fields like any other', async ({ assert }) => {
    for (const key of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      const answer = await fetch(`${BASE_URL}${route('session.store')}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ [key]: 'a\u0000b' }),
      })
      assert.isBelow(answer.status, 500, key)
    }
  })

  test('a refused form whose page redirects answers the redirect', async ({ client, assert }) => {
    const { email } = await registerReader(client)
    const pages = await signedInPages(email)
    await pages.get(route('queue.show'))
    const refused = await pages.post(route('threads.store', {}, { page: 99 }), {
      title: '',
      format: 'Trade',
      issues_remaining: 1,
    })
    assert.equal(refused.status, 302)
    assert.match(refused.location ?? '', /\/queue/)
  })
})
