import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { registerReader, route, signedInPages } from '#tests/support/accounts'
import { FORM_PAGES } from '#http/form_pages'

/** The page routes that change something (every one posts a form), by name. */
function pageFormRoutes() {
  return Object.values(router.toJSON())
    .flat()
    .filter((r) => r.methods.some((m) => m !== 'GET' && m !== 'HEAD'))
    .filter((r) => !/^\/(api|debug)\//.test(r.pattern))
    .map((r) => r.name ?? r.pattern)
}

/** What the session cookie would carry across a redirect: its whole encrypted value. */
const sessionCookieOf = (pages: { cookies: Map<string, string> }) => pages.cookies.get('cp_session')

async function readerWithRoll(client: Parameters<typeof registerReader>[0]) {
  const reader = await registerReader(client)
  const bearer = { authorization: `Bearer ${reader.token}` }
  for (const title of ['Saga', 'Monstress']) {
    await client
      .post(route('api.threads.store'))
      .headers(bearer)
      .json({ title, format: 'Trade', issues_remaining: 3 })
  }
  return { ...reader, bearer }
}

test.group('Refused page forms', (group) => {
  group.each.setup(() => resetDatabase())

  test('every page form names the page that shows it again, and that page is a route', ({
    assert,
  }) => {
    const forms = pageFormRoutes()
    assert.isAtLeast(forms.length, 30)
    assert.deepEqual(
      forms.filter((name) => !FORM_PAGES[name]),
      [],
      'page forms without a page to show them again'
    )
    assert.deepEqual(
      Object.keys(FORM_PAGES).filter((name) => !forms.includes(name)),
      [],
      'form pages of no route'
    )
    const pages = Object.values(FORM_PAGES)
      .map((entry) => entry.page)
      .filter((page): page is string => typeof page === 'string')
    for (const page of pages) {
      assert.include(router.findOrFail(page).methods, 'GET', `${page} is a page`)
    }
  })

  test('the rate, roll and restore forms answer at once with their page; nothing typed rides in a cookie', async ({
    client,
    assert,
  }) => {
    // Given a reader with a pending read
    const { email, user, bearer } = await readerWithRoll(client)
    await client.post(route('api.roll.store')).headers(bearer)
    const pages = await signedInPages(email)
    await pages.get(route('rate.show'))
    const cookieBefore = sessionCookieOf(pages)
    const eventsBefore = await db.from('events').where('user_id', user.id).count('* as n')

    // When a rating the scale does not have is sent, with issues read as typed
    const rated = await pages.post(route('rate.store'), { rating: 7, issues_read: '2' })

    // Then the rate page answers with 422, the message by the rating and the typed count
    assert.equal(rated.status, 422)
    assert.isNull(rated.location)
    assert.include(rated.html, 'id="rating-error"')
    assert.match(rated.html, /name="issues_read"[^>]*value="2"/)
    assert.equal(sessionCookieOf(pages), cookieBefore, 'the session cookie is unchanged')
    assert.deepEqual(
      await db.from('events').where('user_id', user.id).count('* as n'),
      eventsBefore
    )

    // When the die picker and "pick another" are sent what they do not offer
    await pages.get(route('roll.show'))
    const die = await pages.post(route('session.die.store'), { die: 5 })
    const pick = await pages.post(route('roll.override'), { thread_id: 'abc' })

    // Then the roll page answers each with 422 and the message where the reader looks
    for (const refused of [die, pick]) {
      assert.equal(refused.status, 422)
      assert.include(refused.html, 'class="field-error"')
      assert.include(refused.html, 'Pick a die')
    }
    assert.equal(sessionCookieOf(pages), cookieBefore)
    const session = await db.from('reading_sessions').where('user_id', user.id).first()
    assert.isNull(session.manual_die)

    // When the session is restored to its start (the roll undone), and the rate page,
    // left open, is sent a good rating
    await pages.get(route('history.restore.confirm', { id: session.id }))
    const restored = await pages.post(route('history.restore', { id: session.id }))
    assert.equal(restored.status, 302)
    await pages.get(route('roll.show'))
    const late = await pages.post(route('rate.store'), { rating: 4, issues_read: '1' })

    // Then the roll page answers, saying nothing is waiting to be rated, with 409
    assert.equal(late.status, 409)
    assert.include(late.html, 'Roll d')
    assert.match(late.html, /flash-error">[^<]*rate/i)
    assert.equal(sessionCookieOf(pages), cookieBefore)
  })

  test('a form posted from another site comes back without the values it carried', async ({
    client,
    assert,
  }) => {
    // Given a signed-in reader
    const { email } = await registerReader(client)
    const pages = await signedInPages(email)
    await pages.get(route('queue.show'))

    // When another site posts the add form (it has no CSRF token) with a title of its own
    const forged = await pages.post(
      route('threads.store'),
      { title: 'Planted by someone else', format: 'Trade', issues_remaining: '1' },
      {
        csrf: false,
        headers: { 'sec-fetch-site': 'cross-site', 'origin': 'https://elsewhere.example' },
      }
    )
    // And the reader's own tab posts it with an expired token
    const own = await pages.post(
      route('threads.store'),
      { title: 'Typed by me', format: 'Trade', issues_remaining: '1' },
      { csrf: 'expired', headers: { 'sec-fetch-site': 'same-origin' } }
    )

    // Then both are refused at once; only the reader's own values come back
    assert.equal(forged.status, 403)
    assert.include(forged.html, 'This form came from another site, so nothing was sent.')
    assert.notInclude(forged.html, 'Planted by someone else')
    assert.equal(own.status, 403)
    assert.include(own.html, 'value="Typed by me"')
    assert.equal((await db.from('threads').count('* as n'))[0].n, '0')
  })
})
