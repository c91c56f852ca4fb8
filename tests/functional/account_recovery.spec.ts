import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import type { FakeMailer } from '@adonisjs/mail'
import { resetDatabase, count } from '#tests/support/database'
import { PASSWORD, apiReader, registerReader, route, signedInPages } from '#tests/support/accounts'
import { PageClient } from '#tests/support/browserless_client'
import { BASE_URL } from '#tests/bootstrap'
import { mailQueueSettled, mailsTo, tokenOf } from '#tests/support/mail'

const NEW_PASSWORD = 'a brand new passphrase'

test.group('Password reset through the API', (group) => {
  let fake: FakeMailer
  group.each.setup(async () => {
    await resetDatabase()
    fake = mail.fake()
    return () => mail.restore()
  })

  test('the same 202 for any email; a mailed single-use link resets the password, signs in, signs every other device out', async ({
    client,
    assert,
  }) => {
    // Given a reader signed in on two devices
    const r = await apiReader(client)
    const second = await client.post(route('api.access_tokens.store')).json({
      email: r.email,
      password: PASSWORD,
    })

    // When a reset is asked for their email and for an unknown one
    const known = await client.post(route('api.password_reset.store')).json({ email: r.email })
    const unknown = await client
      .post(route('api.password_reset.store'))
      .json({ email: 'nobody@example.com' })

    // Then both answers are the same 202, and one mail goes out, to the reader
    known.assertStatus(202)
    unknown.assertStatus(202)
    assert.deepEqual(known.body(), unknown.body())
    const [message] = await mailsTo(fake, r.email)
    assert.equal(message.subject, 'Reset your Comic Pile password')
    assert.match(message.html, /Choose a new password/)
    await mailQueueSettled()
    assert.lengthOf(await mailsTo(fake, 'nobody@example.com', 0), 0)
    const token = tokenOf(message.text, 'password/reset')
    // The link points at the address the server was started on, the one the reader uses
    assert.include(
      message.text.split('\n'),
      `${BASE_URL}${route('password_reset.edit', { token })}`
    )
    // Only a hash of the token is stored
    const stored = await db.from('mail_tokens').where('user_id', r.user.id).first()
    assert.notEqual(stored.token_hash, token)
    assert.lengthOf(stored.token_hash, 64)

    // When the password breaks the rules, the token stays usable
    const weak = await client
      .post(route('api.password_reset.confirm'))
      .json({ token, password: 'short' })
    weak.assertStatus(422)
    assert.equal(weak.body().errors[0].field, 'password')

    // When the link is used with a good password
    const reset = await client
      .post(route('api.password_reset.confirm'))
      .json({ token, password: NEW_PASSWORD })

    // Then the reader is signed in, and every earlier token is revoked
    reset.assertStatus(200)
    assert.equal(reset.body().token_type, 'Bearer')
    assert.equal(reset.body().user.email, r.email)
    for (const old of [r.token, second.body().token]) {
      const me = await client.get(route('api.me.show')).header('authorization', `Bearer ${old}`)
      me.assertStatus(401)
    }
    const me = await client
      .get(route('api.me.show'))
      .header('authorization', `Bearer ${reset.body().token}`)
    me.assertStatus(200)
    ;(
      await client
        .post(route('api.access_tokens.store'))
        .json({ email: r.email, password: NEW_PASSWORD })
    ).assertStatus(200)

    // And the link works once
    const again = await client
      .post(route('api.password_reset.confirm'))
      .json({ token, password: 'yet another passphrase' })
    again.assertStatus(422)
    assert.equal(again.body().errors[0].field, 'token')
  })

  test('expired, forged and unknown tokens are refused; nothing changes', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    await client.post(route('api.password_reset.store')).json({ email: r.email })
    const [message] = await mailsTo(fake, r.email)
    const token = tokenOf(message.text, 'password/reset')
    await db.from('mail_tokens').update({ expires_at: '2020-01-01T00:00:00Z' })
    const before = (await db.from('users').where('id', r.user.id).first()).password
    for (const attempt of [token, `${token.slice(0, -2)}xx`, 'not-a-token', 'x'.repeat(200)]) {
      const answer = await client
        .post(route('api.password_reset.confirm'))
        .json({ token: attempt, password: NEW_PASSWORD })
      answer.assertStatus(422)
      assert.match(answer.body().errors[0].message, /does not work any more/)
    }
    assert.equal((await db.from('users').where('id', r.user.id).first()).password, before)
    const me = await client.get(route('api.me.show')).header('authorization', `Bearer ${r.token}`)
    me.assertStatus(200)
  })

  test('at most five mails an hour for one email; asks beyond still answer 202', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    for (let i = 0; i < 7; i++) {
      const answer = await client.post(route('api.password_reset.store')).json({ email: r.email })
      answer.assertStatus(202)
    }
    await mailQueueSettled()
    assert.lengthOf(await mailsTo(fake, r.email, 5), 5)
    assert.equal(await count('mail_tokens', { user_id: r.user.id }), 5)
  })
})

test.group('Password reset asks from one address', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    mail.fake()
    return () => mail.restore()
  })

  test('more than twenty an hour from one address are refused with 429', async ({
    client,
    assert,
  }) => {
    const answers: number[] = []
    for (let i = 0; i < 21; i++) {
      const answer = await client
        .post(route('api.password_reset.store'))
        .json({ email: `someone${i}@example.com` })
      answers.push(answer.status())
    }
    assert.deepEqual(answers.slice(0, 20), Array(20).fill(202))
    assert.equal(answers[20], 429)
  })
})

test.group('Email change through the API', (group) => {
  let fake: FakeMailer
  group.each.setup(async () => {
    await resetDatabase()
    fake = mail.fake()
    return () => mail.restore()
  })

  test('a link to the new address changes it when followed; the old address is told', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const newEmail = `moved-${r.email}`

    // When the reader asks for a new email with a wrong password, nothing is sent
    const wrong = await r.call('patch', route('api.me.update'), {
      email: newEmail,
      current_password: 'not the password',
    })
    wrong.assertStatus(422)
    assert.equal(wrong.body().errors[0].field, 'current_password')

    // When they ask with their password
    const asked = await r.call('patch', route('api.me.update'), {
      email: newEmail.toUpperCase(),
      current_password: PASSWORD,
    })

    // Then the email is unchanged and pending; a link goes to the new address, a notice to the old
    asked.assertStatus(200)
    assert.equal(asked.body().email, r.email)
    assert.equal(asked.body().pending_email, newEmail)
    const [confirm] = await mailsTo(fake, newEmail)
    const notice = (await mailsTo(fake, r.email, 2)).find((m) => m.subject.includes('about to'))!
    assert.match(notice.text, new RegExp(newEmail))
    assert.notMatch(notice.text, /email\/confirm/)
    assert.equal((await db.from('users').where('id', r.user.id).first()).email, r.email)

    // When the link is followed (no sign-in needed)
    const token = tokenOf(confirm.text, 'email/confirm')
    const confirmed = await client.post(route('api.email_confirm.store')).json({ token })

    // Then the account has the new email, and the link works once
    confirmed.assertStatus(200)
    assert.equal(confirmed.body().email, newEmail)
    assert.equal((await db.from('users').where('id', r.user.id).first()).email, newEmail)
    const again = await client.post(route('api.email_confirm.store')).json({ token })
    again.assertStatus(422)
  })

  test('wrong passwords before a change are counted: the sixth in 15 minutes is a 429', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      const answer = await r.call('delete', route('api.me.destroy'), { password: `guess ${i}` })
      statuses.push(answer.status())
    }
    assert.deepEqual(statuses, [422, 422, 422, 422, 422, 429])
    // Even the right password waits now, and the account is still there
    const right = await r.call('patch', route('api.me.update'), {
      email: `later-${r.email}`,
      current_password: PASSWORD,
    })
    right.assertStatus(429)
    assert.equal(await count('users', { id: r.user.id }), 1)
  })

  test('an address taken before or meanwhile is refused', async ({ client, assert }) => {
    const r = await apiReader(client)
    const other = await registerReader(client)

    // Taken before the ask
    const taken = await r.call('patch', route('api.me.update'), {
      email: other.email,
      current_password: PASSWORD,
    })
    taken.assertStatus(422)
    assert.equal(taken.body().errors[0].field, 'email')

    // Taken between the ask and the confirmation
    const wanted = `wanted-${r.email}`
    ;(
      await r.call('patch', route('api.me.update'), { email: wanted, current_password: PASSWORD })
    ).assertStatus(200)
    const [confirm] = await mailsTo(fake, wanted)
    await db.from('users').where('id', other.user.id).update({ email: wanted })
    const late = await client
      .post(route('api.email_confirm.store'))
      .json({ token: tokenOf(confirm.text, 'email/confirm') })
    late.assertStatus(422)
    assert.match(late.body().errors[0].message, /took this email meanwhile/)
    assert.equal((await db.from('users').where('id', r.user.id).first()).email, r.email)
  })
})

test.group('Account deletion through the API', (group) => {
  group.each.setup(() => resetDatabase())

  test('after the password, the account and every row it owns go at once; its tokens stop working', async ({
    client,
    assert,
  }) => {
    // Given a reader with threads, issues, sessions, events, snapshots and a reset token
    const r = await apiReader(client)
    const other = await apiReader(client)
    const thread = await r.call('post', route('api.threads.store'), {
      title: 'Saga',
      format: 'Issue',
      issues_remaining: 3,
    })
    await r.call('post', route('api.threads.issues.store', { id: thread.body().id }), {
      numbers: '1-3',
    })
    await r.call('post', route('api.roll.store'))
    await r.call('post', route('api.rate.store'), { rating: 4 })
    await other.call('post', route('api.threads.store'), {
      title: 'Theirs',
      format: 'Issue',
      issues_remaining: 2,
    })

    // When the password is wrong, nothing goes
    const wrong = await r.call('delete', route('api.me.destroy'), { password: 'nope nope' })
    wrong.assertStatus(422)
    assert.isAbove(await count('threads', { user_id: r.user.id }), 0)

    // When it is right
    const deleted = await r.call('delete', route('api.me.destroy'), { password: PASSWORD })

    // Then no row of theirs is left in any table, and the other reader keeps everything
    deleted.assertStatus(204)
    const tables = await db.rawQuery(
      `SELECT table_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name = 'user_id'`
    )
    for (const { table_name: table } of tables.rows) {
      assert.equal(await count(table, { user_id: r.user.id }), 0, table)
    }
    assert.equal(await count('users', { id: r.user.id }), 0)
    assert.equal(await count('threads', { user_id: other.user.id }), 1)
    const me = await r.call('get', route('api.me.show'))
    me.assertStatus(401)
  })

  test('the claimed legacy reader (users.id = 1) is deleted like any other', async ({
    client,
    assert,
  }) => {
    await db.table('users').insert({ id: 1, email: null, password: null, is_admin: false })
    await db.rawQuery("SELECT setval(pg_get_serial_sequence('users', 'id'), 1)")
    const legacy = await apiReader(client)
    assert.equal(legacy.user.id, 1)
    ;(await legacy.call('delete', route('api.me.destroy'), { password: PASSWORD })).assertStatus(
      204
    )
    assert.equal(await count('users', { id: 1 }), 0)
    const next = await apiReader(client)
    assert.notEqual(next.user.id, 1)
  })

  test('the last admin account stays; with another admin it can go', async ({ client, assert }) => {
    const admin = await apiReader(client)
    await db.from('users').where('id', admin.user.id).update({ is_admin: true })
    const last = await admin.call('delete', route('api.me.destroy'), { password: PASSWORD })
    last.assertStatus(409)
    assert.match(last.body().errors[0].message, /last admin/)
    assert.equal(await count('users', { id: admin.user.id }), 1)

    const second = await apiReader(client)
    await db.from('users').where('id', second.user.id).update({ is_admin: true })
    ;(await admin.call('delete', route('api.me.destroy'), { password: PASSWORD })).assertStatus(204)
    const now = await second.call('delete', route('api.me.destroy'), { password: PASSWORD })
    now.assertStatus(409)
  })
})

test.group('Account recovery on the pages', (group) => {
  let fake: FakeMailer
  group.each.setup(async () => {
    await resetDatabase()
    fake = mail.fake()
    return () => mail.restore()
  })

  test('forgot → mail → a new password: signed in here, signed out elsewhere', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const elsewhere = await signedInPages(r.email)
    const pages = new PageClient()
    assert.include((await pages.get(route('session.create'))).html, 'Forgot password?')

    // When the reader asks for a link on the page
    await pages.get(route('password_reset.create'))
    const asked = await pages.post(route('password_reset.store'), { email: r.email })

    // Then the sign-in page says a link is on its way, and it is
    assert.equal(asked.location, route('session.create'))
    assert.include((await pages.follow(asked)).html, `If an account uses ${r.email}, a link`)
    const [message] = await mailsTo(fake, r.email)
    const token = tokenOf(message.text, 'password/reset')

    // When the link's page gets a password that breaks the rules
    await pages.get(route('password_reset.edit', { token }))
    const weak = await pages.post(route('password_reset.update'), { token, password: 'short' })
    assert.equal(weak.status, 422)
    assert.include(weak.html, `value="${token}"`)
    assert.include(weak.html, 'aria-invalid="true"')

    // When it gets a good one
    const done = await pages.post(route('password_reset.update'), {
      token,
      password: NEW_PASSWORD,
    })

    // Then this browser is signed in, and the other device is signed out, told why
    assert.equal(done.location, route('roll.show'))
    assert.include((await pages.follow(done)).html, 'Your password is changed')
    const other = await elsewhere.get(route('queue.show'))
    assert.include((await elsewhere.follow(other)).html, 'password was changed')

    // And the used link says it does not work any more
    await pages.get(route('password_reset.edit', { token }))
    const reused = await pages.post(route('password_reset.update'), {
      token,
      password: 'one more passphrase',
    })
    assert.equal(reused.status, 422)
    assert.include(reused.html, 'does not work any more')
  })

  test('a new email from the account page, confirmed from the mailed link', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const pages = await signedInPages(r.email)
    const newEmail = `page-${r.email}`
    await pages.get(route('account.show'))
    const asked = await pages.post(`${route('account.email.update')}?_method=PUT`, {
      email: newEmail,
      current_password: PASSWORD,
    })
    assert.include((await pages.follow(asked)).html, `A link to confirm ${newEmail}`)
    const [confirm] = await mailsTo(fake, newEmail)
    const token = tokenOf(confirm.text, 'email/confirm')

    // Opening the link changes nothing by itself (a mail scanner may open it)
    const page = await pages.get(route('email_change.show', { token }))
    assert.include(page.html, 'Confirm the new email')
    assert.equal((await db.from('users').where('id', r.user.id).first()).email, r.email)

    const done = await pages.post(route('email_change.confirm'), { token })
    assert.equal(done.location, route('account.show'))
    assert.include((await pages.follow(done)).html, `email is now ${newEmail}`)
    assert.equal((await db.from('users').where('id', r.user.id).first()).email, newEmail)
  })

  test('deleting the account: a page with the exports first, then the password', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    await r.call('post', route('api.threads.store'), {
      title: 'Saga',
      format: 'Issue',
      issues_remaining: 3,
    })
    const pages = await signedInPages(r.email)
    const page = (await pages.get(route('account.delete'))).html
    assert.include(page, '1 thread, 0 reading sessions of history')
    assert.include(page, route('account.export.json'))

    const wrong = await pages.post(`${route('account.destroy')}?_method=DELETE`, {
      password: 'not it at all',
    })
    assert.equal(wrong.status, 422)
    assert.equal(await count('users', { id: r.user.id }), 1)

    const done = await pages.post(`${route('account.destroy')}?_method=DELETE`, {
      password: PASSWORD,
    })
    assert.equal(done.location, route('session.create'))
    assert.include((await pages.follow(done)).html, 'Your account and everything in it are deleted')
    assert.equal(await count('users', { id: r.user.id }), 0)
    assert.equal(await count('threads', { user_id: r.user.id }), 0)
  })
})
