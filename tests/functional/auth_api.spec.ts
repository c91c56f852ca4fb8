import { test } from '@japa/runner'
import { SignJWT } from 'jose'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase, count } from '#tests/support/database'
import { PASSWORD, registerReader, uniqueEmail, route } from '#tests/support/accounts'

const secret = () => new TextEncoder().encode(process.env.JWT_SECRET)

test.group('API auth: register, login, logout, me', (group) => {
  group.each.setup(() => resetDatabase())

  test('register answers 201 with a Bearer token that works on /me', async ({ client, assert }) => {
    const response = await client
      .post(route('api.registration.store'))
      .json({ email: '  Reader@Example.COM ', password: PASSWORD, is_admin: true, id: 99 })
    response.assertStatus(201)
    const body = response.body()
    assert.equal(body.token_type, 'Bearer')
    assert.match(body.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    assert.equal(body.user.email, 'reader@example.com')
    assert.isFalse(body.user.is_admin)
    assert.notProperty(body.user, 'password')

    const me = await client
      .get(route('api.me.show'))
      .header('authorization', `Bearer ${body.token}`)
    me.assertStatus(200)
    assert.deepEqual(Object.keys(me.body()).sort(), [
      'created_at',
      'email',
      'id',
      'is_admin',
      'pending_email',
    ])
    assert.isNull(me.body().pending_email)
    assert.equal(me.body().id, body.user.id)
    assert.equal(await count('access_tokens', { user_id: body.user.id }), 1)
  })

  test('a duplicate email, in any case, is a 422 on email and creates nothing', async ({
    client,
    assert,
  }) => {
    await registerReader(client, 'same@example.com')
    const response = await client
      .post(route('api.registration.store'))
      .json({ email: 'SAME@example.com', password: PASSWORD })
    response.assertStatus(422)
    assert.equal(response.body().errors[0].field, 'email')
    assert.equal(await count('users'), 1)
  })

  test('bad registrations are 422 with field messages and create nothing', async ({
    client,
    assert,
  }) => {
    const cases = [
      [{ email: 'not-an-email', password: PASSWORD }, 'email'],
      [{ email: uniqueEmail(), password: 'short' }, 'password'],
      [{ email: uniqueEmail(), password: 'x'.repeat(129) }, 'password'],
      [{ email: uniqueEmail(), password: 'Password123' }, 'password'],
      [{ email: uniqueEmail() }, 'password'],
      [{ password: PASSWORD }, 'email'],
    ] as const
    for (const [body, field] of cases) {
      const response = await client.post(route('api.registration.store')).json(body)
      response.assertStatus(422)
      const errors = response.body().errors as Array<{
        field: string
        rule: string
        message: string
      }>
      assert.include(
        errors.map((e) => e.field),
        field
      )
      assert.isString(errors[0].rule)
    }
    const array = await client.post(route('api.registration.store')).json([1, 2])
    array.assertStatus(422)
    assert.equal(await count('users'), 0)
  })

  test('passwords keep every character as typed, any Unicode', async ({ client }) => {
    const email = uniqueEmail()
    const password = '  ÉtÉ 漫画 🦸 spaces  '
    ;(await client.post(route('api.registration.store')).json({ email, password })).assertStatus(
      201
    )
    ;(
      await client.post(route('api.access_tokens.store')).json({ email, password: password.trim() })
    ).assertStatus(401)
    ;(await client.post(route('api.access_tokens.store')).json({ email, password })).assertStatus(
      200
    )
  })

  test('a password typed in another Unicode form (é as one code point or two) signs in', async ({
    client,
    assert,
  }) => {
    // Given an account registered with é as one code point
    const email = uniqueEmail()
    const composed = 'café au lait, s’il vous plaît'.normalize('NFC')
    const decomposed = composed.normalize('NFD')
    assert.notEqual(composed, decomposed)
    ;(
      await client.post(route('api.registration.store')).json({ email, password: composed })
    ).assertStatus(201)

    // When it signs in with é typed as e and a combining accent
    const signIn = await client
      .post(route('api.access_tokens.store'))
      .json({ email, password: decomposed })
    signIn.assertStatus(200)

    // Then both forms are the same password
    ;(
      await client.post(route('api.access_tokens.store')).json({ email, password: composed })
    ).assertStatus(200)
  })

  test('a hash made from the typed form before normalisation still signs in, and is replaced', async ({
    client,
    assert,
  }) => {
    // Given an account whose stored hash was made from a decomposed password, as typed
    const { email, user } = await registerReader(client)
    const typed = 'crème brûlée passphrase'.normalize('NFD')
    const hash = (await import('@adonisjs/core/services/hash')).default
    await db
      .from('users')
      .where('id', user.id)
      .update({ password: await hash.make(typed) })

    // When the reader signs in as they always have
    ;(
      await client.post(route('api.access_tokens.store')).json({ email, password: typed })
    ).assertStatus(200)

    // Then the stored hash is now of the normalised form, and either form signs in
    const stored = await db.from('users').where('id', user.id).first()
    assert.isTrue(await hash.verify(stored.password, typed.normalize('NFKC')))
    ;(
      await client
        .post(route('api.access_tokens.store'))
        .json({ email, password: typed.normalize('NFC') })
    ).assertStatus(200)
  })

  test('login: wrong password and unknown email get the same 401', async ({ client, assert }) => {
    const { email } = await registerReader(client)
    const wrong = await client
      .post(route('api.access_tokens.store'))
      .json({ email, password: 'wrong password!' })
    const unknown = await client
      .post(route('api.access_tokens.store'))
      .json({ email: uniqueEmail(), password: PASSWORD })
    wrong.assertStatus(401)
    unknown.assertStatus(401)
    assert.deepEqual(wrong.body(), unknown.body())
    const ok = await client
      .post(route('api.access_tokens.store'))
      .json({ email: email.toUpperCase(), password: PASSWORD })
    ok.assertStatus(200)
    assert.property(ok.body(), 'token')
  })

  test('logout revokes that token at once, and only that one', async ({ client, assert }) => {
    const { email, token } = await registerReader(client)
    const other = (
      await client.post(route('api.access_tokens.store')).json({ email, password: PASSWORD })
    ).body().token
    ;(
      await client
        .post(route('api.access_tokens.destroy'))
        .header('authorization', `Bearer ${token}`)
    ).assertStatus(204)
    ;(
      await client.get(route('api.me.show')).header('authorization', `Bearer ${token}`)
    ).assertStatus(401)
    ;(
      await client.get(route('api.me.show')).header('authorization', `Bearer ${other}`)
    ).assertStatus(200)
    assert.equal(await count('access_tokens', {}), 2)
  })

  test('forged, expired, revoked and cookie-only credentials are 401 on the API', async ({
    client,
    assert,
  }) => {
    const { token, user } = await registerReader(client)
    const row = await db.from('access_tokens').where('user_id', user.id).first()
    const sign = (claims: Record<string, unknown>, key = secret(), alg = 'HS256') =>
      new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(key)
    const now = Math.floor(Date.now() / 1000)
    const base = {
      sub: String(user.id),
      jti: row.jti,
      iss: 'comic-pile',
      aud: 'comic-pile',
      iat: now,
    }
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')
    const payload = Buffer.from(JSON.stringify({ ...base, exp: now + 3600 })).toString('base64url')
    // The control: the same claims, signed with the app's secret, are accepted.
    const genuine = await sign({ ...base, exp: now + 3600 })
    ;(
      await client.get(route('api.me.show')).header('authorization', `Bearer ${genuine}`)
    ).assertStatus(200)
    const forged = [
      `${header}.${payload}.`,
      await sign({ ...base, exp: now + 3600 }, secret(), 'HS512'),
      await sign(
        { ...base, exp: now + 3600 },
        new TextEncoder().encode('another secret that is long enough!!')
      ),
      await sign({ ...base, exp: now - 10 }),
      await sign({ ...base, exp: now + 3600, aud: 'someone-else' }),
      await sign({ ...base, exp: now + 3600, iss: 'someone-else' }),
      await sign({ ...base, exp: now + 3600, jti: 'not-a-uuid' }),
      await sign({ ...base, exp: now + 3600, sub: String(user.id + 1) }),
      'garbage',
      `${token}x`,
    ]
    for (const bad of forged) {
      const response = await client
        .get(route('api.me.show'))
        .header('authorization', `Bearer ${bad}`)
      response.assertStatus(401)
      assert.deepEqual(response.body(), { errors: [{ message: 'Sign in to continue.' }] })
    }
    ;(await client.get(route('api.me.show'))).assertStatus(401)
    ;(await client.get(route('api.me.show')).header('cookie', `cp_token=${token}`)).assertStatus(
      401
    )

    await db
      .from('access_tokens')
      .where('id', row.id)
      .update({ expires_at: new Date(Date.now() - 1000) })
    ;(
      await client.get(route('api.me.show')).header('authorization', `Bearer ${token}`)
    ).assertStatus(401)
  })

  test('five failed sign-ins for an account from one address answer 429 with Retry-After, counted in the database', async ({
    client,
    assert,
  }) => {
    const { email } = await registerReader(client)
    for (let i = 0; i < 5; i++) {
      ;(
        await client
          .post(route('api.access_tokens.store'))
          .json({ email, password: `wrong-${i}-password` })
      ).assertStatus(401)
    }
    const blocked = await client
      .post(route('api.access_tokens.store'))
      .json({ email, password: PASSWORD })
    blocked.assertStatus(429)
    assert.isAbove(Number(blocked.header('retry-after')), 0)
    assert.match(blocked.body().errors[0].message, /Too many attempts/)
    assert.isAbove(await count('rate_limits'), 0)
    assert.equal(await count('access_tokens'), 1)
  })

  test('the legacy reader (id 1, no email) is claimed by the first registration, exactly once under a race', async ({
    client,
    assert,
  }) => {
    await db.table('users').insert({ id: 1, email: null, password: null })
    await db.rawQuery(`SELECT setval('users_id_seq', 1)`)
    await db.table('threads').insert({
      user_id: 1,
      title: 'Hellboy',
      format: 'Omnibus',
      issues_remaining: 3,
      sort_key: 1024,
    })

    const [a, b] = await Promise.all([
      client
        .post(route('api.registration.store'))
        .json({ email: 'first@example.com', password: PASSWORD }),
      client
        .post(route('api.registration.store'))
        .json({ email: 'second@example.com', password: PASSWORD }),
    ])
    a.assertStatus(201)
    b.assertStatus(201)
    const ids = [a.body().user.id, b.body().user.id].sort()
    assert.equal(ids[0], 1)
    assert.notEqual(ids[1], 1)
    assert.equal(await count('users'), 2)
    assert.equal(await count('threads', { user_id: 1 }), 1)
    const legacy = await db.from('users').where('id', 1).first()
    assert.include(['first@example.com', 'second@example.com'], legacy.email)
  })
})
