import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { count, resetDatabase } from '#tests/support/database'
import { PASSWORD, apiReader, route, signedInPages } from '#tests/support/accounts'

const FIREFOX_ANDROID = 'Mozilla/5.0 (Android 14; Mobile; rv:132.0) Gecko/132.0 Firefox/132.0'

test.group('Signed-in devices', (group) => {
  group.each.setup(() => resetDatabase())

  test('the account page names each device plainly, this one first and marked', async ({
    client,
    assert,
  }) => {
    // Given a reader signed in on a Firefox phone (through the API) and on this client
    const r = await apiReader(client)
    await client
      .post(route('api.access_tokens.store'))
      .header('user-agent', FIREFOX_ANDROID)
      .json({ email: r.email, password: PASSWORD })
    const pages = await signedInPages(r.email)

    // When the account page is opened
    const html = (await pages.get(route('account.show'))).html

    // Then the phone is "Firefox on Android", and this client comes first, marked
    assert.include(html, '<strong>Firefox on Android</strong>')
    assert.notInclude(html, 'Mozilla/5.0')
    const first = html.indexOf('<li class="token">')
    assert.isAbove(first, -1)
    assert.include(html.slice(first, first + 200), '<strong>PageClient</strong>')
    assert.include(html.slice(first, first + 300), 'This device')
    assert.include(html, 'Last used now')
  })

  test('"Sign out everywhere" asks first; the confirmation page says what it does', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const pages = await signedInPages(r.email)
    const account = (await pages.get(route('account.show'))).html
    assert.include(
      account,
      `href="${route('account.tokens.confirm_destroy_all')}" data-opens-dialog="sign-out-everywhere"`
    )

    // When the confirmation page is opened, nothing is signed out yet
    const confirm = await pages.get(route('account.tokens.confirm_destroy_all'))
    assert.equal(confirm.status, 200)
    assert.include(confirm.html, 'All 2 signed-in devices, this one included,')
    assert.equal(await count('access_tokens', { revoked_at: null }), 2)

    // When it is confirmed
    const done = await pages.post(`${route('account.tokens.destroy_all')}?_method=DELETE`)
    assert.equal(done.status, 302)
    assert.equal(await count('access_tokens', { revoked_at: null }), 0)
  })

  test('a device signed out elsewhere is told why on the sign-in page', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const cases: Array<
      [
        string,
        (other: Awaited<ReturnType<typeof signedInPages>>, jti: string) => Promise<unknown>,
        RegExp,
      ]
    > = [
      [
        'a password change',
        async (other) => {
          await other.get(route('account.show'))
          await other.post(`${route('account.password.update')}?_method=PUT`, {
            current_password: PASSWORD,
            password: PASSWORD,
          })
        },
        /password was changed on another device/,
      ],
      [
        'sign out everywhere',
        async (other) => {
          await other.get(route('account.show'))
          await other.post(`${route('account.tokens.destroy_all')}?_method=DELETE`)
        },
        /“Sign out everywhere” was used/,
      ],
      [
        'a sign-out from the other device’s list',
        async (other, jti) => {
          const row = await db.from('access_tokens').where('jti', jti).first()
          await other.get(route('account.show'))
          await other.post(`${route('account.tokens.destroy', { id: row.id })}?_method=DELETE`)
        },
        /signed out from another one/,
      ],
      [
        'its expiry',
        async (_other, jti) =>
          db.from('access_tokens').where('jti', jti).update({ expires_at: '2020-01-01T00:00:00Z' }),
        /expired/,
      ],
    ]
    for (const [name, endIt, said] of cases) {
      // Given this device and another signed in
      const here = await signedInPages(r.email)
      const other = await signedInPages(r.email)
      const latest = await db
        .from('access_tokens')
        .whereNull('revoked_at')
        .orderBy('id', 'desc')
        .offset(1)
        .first()

      // When the other ends this one's sign-in
      await endIt(other, latest.jti)

      // Then this device's next page is the sign-in page, saying why
      const answer = await here.get(route('queue.show'))
      assert.equal(answer.status, 302, name)
      const signIn = await here.follow(answer)
      assert.match(signIn.html, said, name)
    }

    // And a plain visit to the sign-in page says nothing of it
    const fresh = await signedInPages(r.email)
    await fresh.post(route('session.destroy'))
    assert.notMatch(
      (await fresh.get(route('session.create'))).html,
      /You were signed out|was signed out/
    )
  })
})
