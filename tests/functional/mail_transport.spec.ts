import { test } from '@japa/runner'
import { resetDatabase } from '#tests/support/database'
import { PASSWORD, registerReader, route } from '#tests/support/accounts'
import { waitUntil } from '#tests/support/wait'
import { startChildServer } from '#tests/support/child_server'
import { localSmtp, pauseOwnMailWorker } from '#tests/support/mail'

test.group('Mail in production', (group) => {
  group.each.setup(() => resetDatabase())

  test('through a real SMTP server: the reset link points at APP_URL and works', async ({
    client,
    assert,
  }) => {
    // Given the production server with SMTP settings pointing at a local SMTP server
    const smtp = await localSmtp()
    const server = await startChildServer({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_SECURE: 'false',
      MAIL_FROM: 'Comic Pile <pile@reader.example>',
      APP_URL: 'https://pile.reader.example',
    })
    try {
      const r = await registerReader(client)

      // When a reset is asked, with a Host and forwarded headers of someone else's
      const asked = await fetch(`${server.url}${route('api.password_reset.store')}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'host': 'evil.example',
          'x-forwarded-host': 'evil.example',
        },
        body: JSON.stringify({ email: r.email }),
      })
      assert.equal(asked.status, 202)

      // Then the SMTP server receives the mail, with a text and an HTML part
      await waitUntil(() => smtp.received.length > 0, {
        timeout: 10000,
        message: 'the mail at the SMTP server',
      })
      assert.lengthOf(smtp.received, 1)
      const [message] = smtp.received
      assert.deepEqual(message.to, [r.email])
      assert.match(message.data, /Content-Type: text\/plain/i)
      assert.match(message.data, /Content-Type: text\/html/i)
      assert.notInclude(message.data, 'evil.example')
      const token = /https:\/\/pile\.reader\.example\/password\/reset\/([\w-]+)/.exec(
        message.data
      )![1]

      // And following it resets the password
      const reset = await fetch(`${server.url}${route('api.password_reset.confirm')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, password: 'a password from the mail' }),
      })
      assert.equal(reset.status, 200)
      const login = await client
        .post(route('api.access_tokens.store'))
        .json({ email: r.email, password: 'a password from the mail' })
      login.assertStatus(200)
      const old = await client
        .post(route('api.access_tokens.store'))
        .json({ email: r.email, password: PASSWORD })
      old.assertStatus(401)
    } finally {
      await server.stop()
      await smtp.close()
    }
  })
    .timeout(60000)
    .setup(pauseOwnMailWorker)

  test('without SMTP_HOST, reset and email change answer 503 saying whom to ask', async ({
    client,
    assert,
  }) => {
    const server = await startChildServer({ SUPPORT_CONTACT: 'help@pile.example' })
    try {
      const r = await registerReader(client)
      const reset = await fetch(`${server.url}${route('api.password_reset.store')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: r.email }),
      })
      assert.equal(reset.status, 503)
      const body = await reset.json()
      assert.match(body.errors[0].message, /not available on this server.*help@pile\.example/)
      const change = await fetch(`${server.url}${route('api.me.update')}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'authorization': `Bearer ${r.token}` },
        body: JSON.stringify({ email: 'elsewhere@example.com', current_password: PASSWORD }),
      })
      assert.equal(change.status, 503)
      const page = await fetch(`${server.url}${route('password_reset.create')}`)
      assert.equal(page.status, 503)
      assert.include(await page.text(), 'help@pile.example')
      assert.isTrue(server.running())
    } finally {
      await server.stop()
    }
  }).timeout(60000)
})
