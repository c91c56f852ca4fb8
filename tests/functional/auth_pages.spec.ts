import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase, count } from '#tests/support/database'
import { PageClient } from '#tests/support/browserless_client'
import {
  PASSWORD,
  registerReader,
  signedInPages,
  uniqueEmail,
  route,
} from '#tests/support/accounts'

test.group('Pages: sign-in, registration, account', (group) => {
  group.each.setup(() => resetDatabase())

  test('protected pages send a signed-out reader to /login and back afterwards', async ({
    client,
    assert,
  }) => {
    const { email } = await registerReader(client)
    const pages = new PageClient()
    const refused = await pages.get(route('account.show'))
    assert.equal(refused.status, 302)
    assert.equal(refused.location, route('session.create', {}, { next: route('account.show') }))
    await pages.follow(refused)
    const signIn = await pages.post(route('session.store'), {
      email,
      password: PASSWORD,
      next: route('account.show'),
    })
    assert.equal(signIn.status, 302)
    assert.equal(signIn.location, route('account.show'))
    const account = await pages.follow(signIn)
    assert.equal(account.status, 200)
    assert.include(account.html, `Signed in as ${email}`)
    assert.equal(account.headers.get('cache-control'), 'no-store')
  })

  test('the token cookie is HttpOnly and SameSite=Lax', async ({ assert }) => {
    const pages = new PageClient()
    await pages.get(route('registration.create'))
    const response = await pages.post(route('registration.store'), {
      email: uniqueEmail(),
      password: PASSWORD,
    })
    assert.equal(response.location, route('roll.show'))
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('cp_token='))!
    assert.match(cookie, /HttpOnly/)
    assert.match(cookie, /SameSite=Lax/)
  })

  test('the token cookie carries the signed token: a tampered or unsigned one signs nobody in', async ({
    client,
    assert,
  }) => {
    const email = uniqueEmail()
    const pages = new PageClient()
    await pages.get(route('registration.create'))
    await pages.post(route('registration.store'), { email, password: PASSWORD })
    const token = pages.cookies.get('cp_token')!
    // The control: the cookie's token is the reader's, as a Bearer token too.
    const me = await client.get(route('api.me.show')).header('authorization', `Bearer ${token}`)
    me.assertStatus(200)
    assert.equal(me.body().email, email)
    assert.equal((await pages.get(route('roll.show'))).status, 200)

    const [, payload] = token.split('.')
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`
    const flipped = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1)
    for (const bad of [unsigned, flipped, `${token}x`, 'garbage']) {
      pages.cookies.set('cp_token', bad)
      const refused = await pages.get(route('queue.show'))
      assert.equal(refused.status, 302, bad)
      assert.equal(refused.location, route('session.create', {}, { next: route('queue.show') }))
    }
  })

  test('no open redirect after sign-in', async ({ client, assert }) => {
    const { email } = await registerReader(client)
    for (const next of [
      '//evil.example',
      'https://evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const pages = new PageClient()
      await pages.get(route('session.create'))
      const response = await pages.post(route('session.store'), { email, password: PASSWORD, next })
      assert.equal(response.location, route('roll.show'))
    }
  })

  test('a form post without a valid CSRF token is refused and changes nothing', async ({
    assert,
  }) => {
    const pages = new PageClient()
    await pages.get(route('registration.create'))
    const missing = await pages.post(
      route('registration.store'),
      { email: uniqueEmail(), password: PASSWORD },
      { csrf: false }
    )
    const foreign = await pages.post(
      route('registration.store'),
      { email: uniqueEmail(), password: PASSWORD },
      { csrf: 'forged-token' }
    )
    // Then the form comes back at once, saying so, with the email as typed
    for (const refused of [missing, foreign]) {
      assert.equal(refused.status, 403)
      assert.include(refused.html, 'This form had expired')
      assert.match(refused.html, /name="email"[^>]*value="[^"]+@/)
      assert.notProperty(Object.fromEntries(pages.cookies), 'cp_token')
    }
    assert.equal(await count('users'), 0)
  })

  test('a bad registration is answered at once with the form, its errors and the typed email', async ({
    assert,
  }) => {
    // Given the registration form
    const pages = new PageClient()
    await pages.get(route('registration.create'))

    // When it is sent with a password too short
    const response = await pages.post(route('registration.store'), {
      email: 'typed@example.com',
      password: 'short',
    })

    // Then the form comes back with a 422: the message by the field, the email kept, not the password
    assert.equal(response.status, 422)
    assert.include(response.html, 'Use at least 8 characters.')
    assert.include(response.html, 'value="typed@example.com"')
    assert.include(response.html, 'aria-invalid="true"')
    assert.notInclude(response.html, 'value="short"')
    assert.notInclude(response.headers.getSetCookie().join(' '), 'typed@example.com')
    assert.equal(await count('users'), 0)
  })

  test('a wrong password keeps the email and says so generically', async ({ client, assert }) => {
    // Given a reader
    const { email } = await registerReader(client)
    const pages = new PageClient()
    await pages.get(route('session.create'))

    // When they sign in with a wrong password
    const form = await pages.post(route('session.store'), { email, password: 'not the password' })

    // Then the sign-in form comes back with the generic message and the email as typed
    assert.equal(form.status, 401)
    assert.include(form.html, 'Wrong email or password.')
    assert.include(form.html, `value="${email}"`)
    assert.isNull(form.location)
  })

  test('sign-out revokes the cookie token', async ({ client, assert }) => {
    const { email } = await registerReader(client)
    const pages = await signedInPages(email)
    await pages.get(route('account.show'))
    const out = await pages.post(route('session.destroy'))
    assert.equal(out.location, route('session.create'))
    assert.equal(await count('access_tokens', { revoked_at: null }), 1)
    assert.equal((await pages.get(route('account.show'))).status, 302)
  })

  test('sign-in and sign-out renew the session id and the CSRF secret', async ({
    client,
    assert,
  }) => {
    // Given a browser that holds a session and a form token from before sign-in
    const { email } = await registerReader(client)
    const pages = new PageClient()
    await pages.get(route('session.create'))
    const sessionBefore = pages.cookies.get('cp_session')
    const tokenBefore = pages.csrfToken()

    // When it signs in
    const signIn = await pages.post(route('session.store'), { email, password: PASSWORD })
    assert.equal(signIn.location, route('roll.show'))

    // Then its session id is new, and the old form token no longer works
    const sessionSignedIn = pages.cookies.get('cp_session')
    assert.isString(sessionBefore)
    assert.notEqual(sessionSignedIn, sessionBefore)
    await pages.get(route('queue.show'))
    const stale = await pages.post(
      route('threads.store'),
      { title: 'Old token', format: 'Trade', issues_remaining: 1 },
      { csrf: tokenBefore }
    )
    assert.equal(stale.status, 403)
    assert.include(stale.html, 'This form had expired')
    assert.equal(await count('threads'), 0)

    // When it signs out, the same holds
    await pages.get(route('account.show'))
    const tokenSignedIn = pages.csrfToken()
    const out = await pages.post(route('session.destroy'))
    assert.equal(out.location, route('session.create'))
    assert.notEqual(pages.cookies.get('cp_session'), sessionSignedIn)
    await pages.get(route('session.create'))
    const replayed = await pages.post(
      route('session.store'),
      { email, password: PASSWORD },
      { csrf: tokenSignedIn }
    )
    assert.equal(replayed.status, 403)
    assert.include(replayed.html, 'This form had expired')
  })

  test('revoking a device and signing out everywhere', async ({ client, assert }) => {
    const { email, token } = await registerReader(client)
    const pages = await signedInPages(email)
    const apiToken = await db.from('access_tokens').orderBy('id').first()
    await pages.get(route('account.show'))
    const revoked = await pages.post(
      route('account.tokens.destroy', { id: apiToken.id }, { _method: 'DELETE' })
    )
    assert.equal(revoked.location, route('account.show'))
    ;(
      await client.get(route('api.me.show')).header('authorization', `Bearer ${token}`)
    ).assertStatus(401)

    const someoneElse = await registerReader(client)
    const otherToken = await db.from('access_tokens').where('user_id', someoneElse.user.id).first()
    await pages.get(route('account.show'))
    const foreign = await pages.post(
      route('account.tokens.destroy', { id: otherToken.id }, { _method: 'DELETE' })
    )
    assert.equal(foreign.status, 404)
    ;(
      await client.get(route('api.me.show')).header('authorization', `Bearer ${someoneElse.token}`)
    ).assertStatus(200)

    await pages.get(route('account.show'))
    const everywhere = await pages.post(
      route('account.tokens.destroy_all', {}, { _method: 'DELETE' })
    )
    assert.equal(everywhere.location, route('session.create'))
    assert.equal((await pages.get(route('account.show'))).status, 302)
  })

  test('changing the password needs the current one and signs out other devices', async ({
    client,
    assert,
  }) => {
    const { email, token } = await registerReader(client)
    const pages = await signedInPages(email)
    await pages.get(route('account.show'))
    await pages.post(route('account.password.update', {}, { _method: 'PUT' }), {
      current_password: 'wrong one!!',
      password: 'a brand new passphrase',
    })
    ;(
      await client.get(route('api.me.show')).header('authorization', `Bearer ${token}`)
    ).assertStatus(200)

    await pages.get(route('account.show'))
    const changed = await pages.post(route('account.password.update', {}, { _method: 'PUT' }), {
      current_password: PASSWORD,
      password: 'a brand new passphrase',
    })
    assert.equal(changed.location, route('account.show'))
    ;(
      await client.get(route('api.me.show')).header('authorization', `Bearer ${token}`)
    ).assertStatus(401)
    assert.equal((await pages.get(route('account.show'))).status, 200)
    ;(
      await client
        .post(route('api.access_tokens.store'))
        .json({ email, password: 'a brand new passphrase' })
    ).assertStatus(200)
  })
})
