import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import ace from '@adonisjs/core/services/ace'
import pg from 'pg'
import type { ApiClient } from '@japa/api-client'
import type { FakeMailer } from '@adonisjs/mail'
import LegacyImport from '#commands/legacy_import'
import UserAdmin from '#commands/user_admin'
import { resetDatabase, count } from '#tests/support/database'
import { PASSWORD, apiReader, registerReader, route, signedInPages } from '#tests/support/accounts'
import { PageClient } from '#tests/support/browserless_client'
import { startChildServer } from '#tests/support/child_server'
import { createLegacyDatabase } from '#tests/support/legacy_database'
import {
  localSmtp,
  mailQueueSettled,
  mailsTo,
  pauseOwnMailWorker,
  tokenOf,
} from '#tests/support/mail'
import { waitUntil } from '#tests/support/wait'
import { loggablePath } from '#services/log_redaction'
import router from '@adonisjs/core/services/router'
import { BASE_URL } from '#tests/bootstrap'

const ATTACKER = 'attacker@evil.example'
const NEW_PASSWORD = 'the owner takes it back'

/** A victim whose sign-in (and password) an attacker holds, and the attacker's pending change. */
async function takeoverInProgress(client: ApiClient, fake: FakeMailer, attacker = ATTACKER) {
  const victim = await apiReader(client)
  const asked = await victim.call('patch', route('api.me.update'), {
    email: attacker,
    current_password: PASSWORD,
  })
  asked.assertStatus(200)
  const [confirm] = await mailsTo(fake, attacker)
  return { victim, attackerLink: tokenOf(confirm.text, 'email/confirm') }
}

/** The reset links mailed to `email` so far, waiting for `atLeast` of them. */
async function resetMails(fake: FakeMailer, email: string, atLeast = 1) {
  const resets = async () =>
    (await mailsTo(fake, email, 0)).filter((m) => m.text.includes('password/reset'))
  let found = await resets()
  await waitUntil(async () => (found = await resets()).length >= atLeast, {
    interval: 20,
    message: () => `${atLeast} reset mails to ${email} (${found.length} came)`,
  })
  return found
}

/** The owner's reset link, followed to a new password through the API. */
async function resetThroughMail(client: ApiClient, fake: FakeMailer, email: string) {
  const before = (await resetMails(fake, email, 0)).length
  ;(await client.post(route('api.password_reset.store')).json({ email })).assertStatus(202)
  const message = (await resetMails(fake, email, before + 1)).at(-1)!
  const confirmed = await client
    .post(route('api.password_reset.confirm'))
    .json({ token: tokenOf(message.text, 'password/reset'), password: NEW_PASSWORD })
  confirmed.assertStatus(200)
}

test.group('An account stays its owner’s: recovery ends every pending link', (group) => {
  let fake: FakeMailer
  group.each.setup(async () => {
    await resetDatabase()
    fake = mail.fake()
    return () => mail.restore()
  })

  const recoveries: Record<
    string,
    (
      client: ApiClient,
      fake: FakeMailer,
      victim: Awaited<ReturnType<typeof apiReader>>
    ) => Promise<void>
  > = {
    'a password reset': async (client, mailer, victim) => {
      await resetThroughMail(client, mailer, victim.email)
    },
    'a password change on the pages': async (_client, _mailer, victim) => {
      const pages = await signedInPages(victim.email)
      await pages.get(route('account.show'))
      const changed = await pages.post(route('account.password.update', {}, { _method: 'PUT' }), {
        current_password: PASSWORD,
        password: NEW_PASSWORD,
      })
      if (changed.status !== 302) throw new Error(`password change answered ${changed.status}`)
    },
    'signing out everywhere': async (_client, _mailer, victim) => {
      const pages = await signedInPages(victim.email)
      await pages.get(route('account.show'))
      const out = await pages.post(route('account.tokens.destroy_all', {}, { _method: 'DELETE' }))
      if (out.status !== 302) throw new Error(`sign out everywhere answered ${out.status}`)
    },
    'an admin’s revoke': async (client, _mailer, victim) => {
      const admin = await registerReader(client)
      await (await ace.create(UserAdmin, [admin.email])).exec()
      const revoked = await client
        .post(`/api/admin/users/${victim.user.id}/revoke-tokens`)
        .header('authorization', `Bearer ${admin.token}`)
      revoked.assertStatus(200)
    },
  }

  for (const [recovery, recover] of Object.entries(recoveries)) {
    test(`after ${recovery}, the attacker’s confirmation link is refused`, async ({
      client,
      assert,
    }) => {
      // Given an attacker who asked to move the victim's account to their address
      const { victim, attackerLink } = await takeoverInProgress(client, fake)

      // When the victim recovers the account
      await recover(client, fake, victim)

      // Then the attacker's link takes nothing, and nothing is pending any more
      const taken = await client
        .post(route('api.email_confirm.store'))
        .json({ token: attackerLink })
      taken.assertStatus(422)
      assert.equal(taken.body().errors[0].field, 'token')
      const row = await db.from('users').where('id', victim.user.id).first()
      assert.equal(row.email, victim.email)
      assert.equal(
        await count('mail_tokens', {
          user_id: victim.user.id,
          purpose: 'email_change',
          used_at: null,
        }),
        0
      )
      // And no reset can be sent to the attacker's address
      ;(
        await client.post(route('api.password_reset.store')).json({ email: ATTACKER })
      ).assertStatus(202)
      await mailQueueSettled()
      assert.lengthOf(await resetMails(fake, ATTACKER, 0), 0)
    })
  }

  test('an email change ends the reset links mailed before it', async ({ client }) => {
    const r = await apiReader(client)
    ;(await client.post(route('api.password_reset.store')).json({ email: r.email })).assertStatus(
      202
    )
    const [reset] = await mailsTo(fake, r.email)
    const moved = `moved-${r.email}`
    ;(
      await r.call('patch', route('api.me.update'), { email: moved, current_password: PASSWORD })
    ).assertStatus(200)
    const [confirm] = await mailsTo(fake, moved)
    ;(
      await client
        .post(route('api.email_confirm.store'))
        .json({ token: tokenOf(confirm.text, 'email/confirm') })
    ).assertStatus(200)
    const used = await client
      .post(route('api.password_reset.confirm'))
      .json({ token: tokenOf(reset.text, 'password/reset'), password: NEW_PASSWORD })
    used.assertStatus(422)
  })

  test('a link made before the credentials changed is refused even if it was never ended', async ({
    client,
    assert,
  }) => {
    const { victim, attackerLink } = await takeoverInProgress(client, fake)
    // The version moves without the link being marked (as by a change made elsewhere)
    await db.from('users').where('id', victim.user.id).increment('credentials_version', 1)
    assert.equal(
      await count('mail_tokens', {
        user_id: victim.user.id,
        purpose: 'email_change',
        used_at: null,
      }),
      1
    )
    const taken = await client.post(route('api.email_confirm.store')).json({ token: attackerLink })
    taken.assertStatus(422)
    assert.equal((await db.from('users').where('id', victim.user.id).first()).email, victim.email)
  })

  test('a pending change is shown and can be cancelled: through the API and on the account page', async ({
    client,
    assert,
  }) => {
    const { victim, attackerLink } = await takeoverInProgress(client, fake)

    // The API tells it
    const me = await victim.call('get', route('api.me.show'))
    assert.equal(me.body().pending_email, ATTACKER)

    // The account page shows it with a button that cancels it
    const pages = await signedInPages(victim.email)
    const page = await pages.get(route('account.show'))
    assert.include(page.html, 'Waiting for confirmation')
    assert.include(page.html, ATTACKER)
    const cancelled = await pages.post(
      route('account.email.pending.destroy', {}, { _method: 'DELETE' })
    )
    assert.equal(cancelled.status, 302)
    assert.include((await pages.follow(cancelled)).html, 'The email change is cancelled')
    assert.isNull((await victim.call('get', route('api.me.show'))).body().pending_email)
    ;(
      await client.post(route('api.email_confirm.store')).json({ token: attackerLink })
    ).assertStatus(422)

    // And the API cancels one too (its link stops working)
    const again = `again-${victim.email}`
    ;(
      await victim.call('patch', route('api.me.update'), {
        email: again,
        current_password: PASSWORD,
      })
    ).assertStatus(200)
    const [confirm] = await mailsTo(fake, again)
    ;(await victim.call('delete', route('api.me.pending_email.destroy'))).assertStatus(204)
    ;(
      await client
        .post(route('api.email_confirm.store'))
        .json({ token: tokenOf(confirm.text, 'email/confirm') })
    ).assertStatus(422)
    assert.equal((await db.from('users').where('id', victim.user.id).first()).email, victim.email)
  })

  test('“This was not me” undoes a confirmed change: the old email back, everything ended, a new password', async ({
    client,
    assert,
  }) => {
    // Given an attacker who moved the account to their address and asked a reset there
    const { victim, attackerLink } = await takeoverInProgress(client, fake)
    const notice = (await mailsTo(fake, victim.email)).find((m) => m.subject.includes('about to'))!
    ;(
      await client.post(route('api.email_confirm.store')).json({ token: attackerLink })
    ).assertStatus(200)
    ;(await client.post(route('api.password_reset.store')).json({ email: ATTACKER })).assertStatus(
      202
    )
    const [attackerReset] = await resetMails(fake, ATTACKER)
    // The old address is kept for the owner meanwhile: nobody can register it
    const squat = await client
      .post(route('api.registration.store'))
      .json({ email: victim.email, password: PASSWORD })
    squat.assertStatus(422)

    // When the owner opens the notice's link, nothing changes until the button is pressed
    const revert = tokenOf(notice.text, 'email/revert')
    const pages = new PageClient()
    const page = await pages.get(route('email_revert.show', { token: revert }))
    assert.equal(page.status, 200)
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer')
    assert.equal((await db.from('users').where('id', victim.user.id).first()).email, ATTACKER)
    const undone = await pages.post(route('email_revert.store'), { token: revert })

    // Then the email is the owner's again, every token and link ended, the old password dead
    assert.equal(undone.status, 200)
    assert.include(undone.html, 'Choose a new password')
    assert.include(undone.html, victim.email)
    const row = await db.from('users').where('id', victim.user.id).first()
    assert.equal(row.email, victim.email)
    assert.isNull(row.password)
    ;(await victim.call('get', route('api.me.show'))).assertStatus(401)
    const old = await client
      .post(route('api.access_tokens.store'))
      .json({ email: victim.email, password: PASSWORD })
    old.assertStatus(401)
    ;(
      await client.post(route('api.password_reset.confirm')).json({
        token: tokenOf(attackerReset.text, 'password/reset'),
        password: 'attacker keeps it',
      })
    ).assertStatus(422)
    // And the link works once
    const twice = await new PageClient().post(
      route('email_revert.store'),
      { token: revert },
      { csrf: false }
    )
    assert.notEqual(twice.status, 200)

    // When the owner chooses a new password on the page they were given
    const chosen = await pages.post(route('password_reset.update'), {
      token: /name="token" value="([^"]+)"/.exec(undone.html)![1],
      password: NEW_PASSWORD,
    })
    assert.equal(chosen.status, 302)
    const signedIn = await client
      .post(route('api.access_tokens.store'))
      .json({ email: victim.email, password: NEW_PASSWORD })
    signedIn.assertStatus(200)
  })

  test('the undo link outlives a recovery by the attacker; a later undo link of theirs ends with it', async ({
    client,
    assert,
  }) => {
    const { victim, attackerLink } = await takeoverInProgress(client, fake)
    const ownerNotice = (await mailsTo(fake, victim.email)).find((m) =>
      m.subject.includes('about to')
    )!
    ;(
      await client.post(route('api.email_confirm.store')).json({ token: attackerLink })
    ).assertStatus(200)
    // The attacker resets the password to one of theirs, then moves the email on again
    await resetThroughMail(client, fake, ATTACKER)
    const attacker = await client
      .post(route('api.access_tokens.store'))
      .json({ email: ATTACKER, password: NEW_PASSWORD })
    const further = 'further@evil.example'
    ;(
      await client
        .patch(route('api.me.update'))
        .header('authorization', `Bearer ${attacker.body().token}`)
        .json({ email: further, current_password: NEW_PASSWORD })
    ).assertStatus(200)
    const attackerNotice = (await mailsTo(fake, ATTACKER, 3)).find((m) =>
      m.subject.includes('about to')
    )!

    // The owner's link still undoes it all
    const pages = new PageClient()
    await pages.get(
      route('email_revert.show', { token: tokenOf(ownerNotice.text, 'email/revert') })
    )
    const undone = await pages.post(route('email_revert.store'), {
      token: tokenOf(ownerNotice.text, 'email/revert'),
    })
    assert.equal(undone.status, 200)
    assert.equal((await db.from('users').where('id', victim.user.id).first()).email, victim.email)
    // And the attacker's own undo link (to their address) works no more
    const theirs = new PageClient()
    await theirs.get(
      route('email_revert.show', { token: tokenOf(attackerNotice.text, 'email/revert') })
    )
    const refused = await theirs.post(route('email_revert.store'), {
      token: tokenOf(attackerNotice.text, 'email/revert'),
    })
    assert.equal(refused.status, 422)
    assert.equal((await db.from('users').where('id', victim.user.id).first()).email, victim.email)
  })

  /** The undo link of the latest notice mailed to `to` ("about to change"), as its token. */
  async function latestUndoLink(to: string) {
    const notices = await waitUntil(
      async () => {
        const found = (await mailsTo(fake, to, 0)).filter((m) => m.subject.includes('about to'))
        return found.length > 0 && found
      },
      { interval: 20, message: `a notice of the change mailed to ${to}` }
    )
    return tokenOf(notices.at(-1)!.text, 'email/revert')
  }

  async function undoWith(token: string) {
    const pages = new PageClient()
    await pages.get(route('email_revert.show', { token }))
    return pages.post(route('email_revert.store'), { token })
  }

  test('a recovery ends the undo links the thief’s own changes mailed them', async ({
    client,
    assert,
  }) => {
    // The thief moves the account to their address, confirms, then asks a change away
    // from it (an undo link to their address) and cancels that
    const { victim, attackerLink } = await takeoverInProgress(client, fake)
    ;(
      await client.post(route('api.email_confirm.store')).json({ token: attackerLink })
    ).assertStatus(200)
    ;(
      await victim.call('patch', route('api.me.update'), {
        email: 'third@evil.example',
        current_password: PASSWORD,
      })
    ).assertStatus(200)
    const thiefsLink = await latestUndoLink(ATTACKER)
    ;(await victim.call('delete', route('api.me.pending_email.destroy'))).assertStatus(204)

    // The owner, still signed in, changes the password and signs out everywhere
    const pages = await signedInPages(ATTACKER)
    await pages.get(route('account.show'))
    await pages.post(route('account.password.update', {}, { _method: 'PUT' }), {
      current_password: PASSWORD,
      password: NEW_PASSWORD,
    })

    // The thief's undo link takes nothing back
    const refused = await undoWith(thiefsLink)
    assert.equal(refused.status, 422)
    const row = await db.from('users').where('id', victim.user.id).first()
    assert.equal(row.email, ATTACKER)
    assert.isNotNull(row.password)
  })

  test('changing the email back from the thief’s address leaves the thief no undo link', async ({
    client,
    assert,
  }) => {
    const { victim, attackerLink } = await takeoverInProgress(client, fake)
    ;(
      await client.post(route('api.email_confirm.store')).json({ token: attackerLink })
    ).assertStatus(200)
    // The owner, still signed in, moves the email back to their own and confirms it
    ;(
      await victim.call('patch', route('api.me.update'), {
        email: victim.email,
        current_password: PASSWORD,
      })
    ).assertStatus(200)
    const confirm = (await mailsTo(fake, victim.email, 2)).find((m) =>
      m.text.includes('email/confirm')
    )!
    ;(
      await client
        .post(route('api.email_confirm.store'))
        .json({ token: tokenOf(confirm.text, 'email/confirm') })
    ).assertStatus(200)
    // The notice went to the thief's address, with an undo link: it is dead already
    const thiefsLink = await latestUndoLink(ATTACKER)
    const refused = await undoWith(thiefsLink)
    assert.equal(refused.status, 422)
    assert.equal((await db.from('users').where('id', victim.user.id).first()).email, victim.email)
  })

  test('while an address is kept for its owner, no look-alike of it can be registered', async ({
    client,
    assert,
  }) => {
    const { victim, attackerLink } = await takeoverInProgress(client, fake)
    const ownerLink = await latestUndoLink(victim.email)
    ;(
      await client.post(route('api.email_confirm.store')).json({ token: attackerLink })
    ).assertStatus(200)
    const [local, domain] = victim.email.split('@')
    const lookAlike = `${local.replace('e', 'е')}@${domain}` // a Cyrillic е
    assert.notEqual(lookAlike, victim.email)
    const squat = await client
      .post(route('api.registration.store'))
      .json({ email: lookAlike, password: PASSWORD })
    squat.assertStatus(422)
    // The owner's way back stays open
    assert.equal((await undoWith(ownerLink)).status, 200)
    assert.equal((await db.from('users').where('id', victim.user.id).first()).email, victim.email)
  })

  test('following a link while a reset ends it never fails the server', async ({
    client,
    assert,
  }) => {
    const statuses: number[] = []
    for (let round = 0; round < 4; round++) {
      const { victim, attackerLink } = await takeoverInProgress(
        client,
        fake,
        `thief${round}@evil.example`
      )
      ;(
        await client.post(route('api.password_reset.store')).json({ email: victim.email })
      ).assertStatus(202)
      const reset = (await resetMails(fake, victim.email)).at(-1)!
      const [confirmed, changed] = await Promise.all([
        client.post(route('api.email_confirm.store')).json({ token: attackerLink }),
        client
          .post(route('api.password_reset.confirm'))
          .json({ token: tokenOf(reset.text, 'password/reset'), password: NEW_PASSWORD }),
      ])
      statuses.push(confirmed.status(), changed.status())
    }
    assert.notExists(
      statuses.find((status) => status >= 500),
      `${statuses}`
    )
  }).timeout(60000)

  test('the mailed links’ pages send no referrer and are not stored', async ({ assert }) => {
    for (const path of [
      route('password_reset.edit', { token: 'abc' }),
      route('email_change.show', { token: 'abc' }),
      route('email_revert.show', { token: 'abc' }),
    ]) {
      const answer = await fetch(`${BASE_URL}${path}`)
      assert.equal(answer.status, 200, path)
      assert.equal(answer.headers.get('referrer-policy'), 'no-referrer', path)
      assert.equal(answer.headers.get('cache-control'), 'no-store', path)
    }
  })
})

test.group('An account stays its owner’s: throttles that protect the reader', (group) => {
  let fake: FakeMailer
  group.each.setup(async () => {
    await resetDatabase()
    fake = mail.fake()
    return () => mail.restore()
  })

  test('email-change asks are throttled per account, and mails per target address', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      const asked = await r.call('patch', route('api.me.update'), {
        email: `target-${i}@example.com`,
        current_password: PASSWORD,
      })
      statuses.push(asked.status())
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429])
    assert.equal(await count('mail_tokens', { user_id: r.user.id, purpose: 'email_change' }), 5)

    // Three readers may mail one address; the fourth ask to it is refused and mails nothing
    const target = 'popular@example.com'
    const answers: number[] = []
    for (let i = 0; i < 4; i++) {
      const other = await apiReader(client)
      const asked = await other.call('patch', route('api.me.update'), {
        email: target,
        current_password: PASSWORD,
      })
      answers.push(asked.status())
    }
    assert.deepEqual(answers, [200, 200, 200, 429])
    await mailQueueSettled()
    assert.lengthOf(await mailsTo(fake, target, 3), 3)
  })

  test('“taken” answers are counted like registrations: nobody lists the accounts at speed', async ({
    client,
    assert,
  }) => {
    const known = await registerReader(client)
    // Registration already spent one of the address's ten an hour
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) {
      const asker = await apiReader(client).catch(() => null)
      if (!asker) {
        statuses.push(429)
        continue
      }
      const asked = await asker.call('patch', route('api.me.update'), {
        email: known.email,
        current_password: PASSWORD,
      })
      statuses.push(asked.status())
    }
    assert.include(statuses, 429)
    assert.equal(statuses.indexOf(429), statuses.lastIndexOf(422) + 1)
  })

  test('a stolen token without the password cannot spend the account’s email-change asks', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    for (let i = 0; i < 5; i++) {
      const guessed = await r.call('patch', route('api.me.update'), {
        email: `away-${i}@evil.example`,
        current_password: `guess ${i}`,
      })
      guessed.assertStatus(422)
    }
    // The owner, on another device, changes the email
    const own = await client
      .post(route('api.access_tokens.store'))
      .json({ email: r.email, password: PASSWORD })
    const changed = await client
      .patch(route('api.me.update'))
      .header('authorization', `Bearer ${own.body().token}`)
      .json({ email: `moved-${r.email}`, current_password: PASSWORD })
    changed.assertStatus(200)
    assert.equal(await count('mail_tokens', { user_id: r.user.id, purpose: 'email_change' }), 1)
  })

  test('five wrong current passwords block that sign-in only: the owner’s own device changes the password', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const stolen = r.token
    for (let i = 0; i < 5; i++) {
      const wrong = await client
        .delete(route('api.me.destroy'))
        .header('authorization', `Bearer ${stolen}`)
        .json({ password: `guess ${i}` })
      wrong.assertStatus(422)
    }
    const blocked = await client
      .delete(route('api.me.destroy'))
      .header('authorization', `Bearer ${stolen}`)
      .json({ password: PASSWORD })
    blocked.assertStatus(429)

    // The owner, signed in on their own device, still changes the password
    const pages = await signedInPages(r.email)
    await pages.get(route('account.show'))
    const changed = await pages.post(route('account.password.update', {}, { _method: 'PUT' }), {
      current_password: PASSWORD,
      password: NEW_PASSWORD,
    })
    assert.equal(changed.status, 302)
    ;(
      await client.get(route('api.me.show')).header('authorization', `Bearer ${stolen}`)
    ).assertStatus(401)
  })

  test('a stranger’s failures from other addresses never lock the owner out of their own', async ({
    client,
    assert,
  }) => {
    const r = await registerReader(client)
    const server = await startChildServer({ TRUSTED_PROXIES: '1' })
    try {
      const signIn = (from: string, password: string) =>
        fetch(`${server.url}${route('api.access_tokens.store')}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
          body: JSON.stringify({ email: r.email, password }),
        })
      // Five failures from each of twelve addresses: each pair is blocked after five
      for (let a = 1; a <= 12; a++) {
        for (let i = 0; i < 5; i++)
          assert.equal((await signIn(`198.51.100.${a}`, `guess ${i}`)).status, 401)
      }
      assert.equal((await signIn('198.51.100.1', PASSWORD)).status, 429)
      // The owner from their own address signs in (slowed, never refused)
      const started = Date.now()
      const own = await signIn('203.0.113.9', PASSWORD)
      assert.equal(own.status, 200)
      assert.isAtLeast(Date.now() - started, 1400)
    } finally {
      await server.stop()
    }
  }).timeout(120000)
})

test.group('An account stays its owner’s: look-alike addresses', (group) => {
  group.each.setup(() => resetDatabase())

  test('a look-alike of an existing address is refused at registration and at an email change', async ({
    client,
    assert,
  }) => {
    await registerReader(client, 'bob@example.com')
    for (const lookAlike of ['bоb@example.com', 'ｂｏｂ@example.com', 'b\u200bob@example.com']) {
      const answer = await client
        .post(route('api.registration.store'))
        .json({ email: lookAlike, password: PASSWORD })
      answer.assertStatus(422)
      assert.equal(answer.body().errors[0].field, 'email')
    }
    assert.equal(await count('users'), 1)

    const other = await apiReader(client)
    const changed = await other.call('patch', route('api.me.update'), {
      email: 'bоb@example.com',
      current_password: PASSWORD,
    })
    changed.assertStatus(422)
    assert.equal(changed.body().errors[0].rule, 'look_alike')

    // Characters that cannot be seen, and digits that look like letters
    for (const hidden of [
      'bo\u00adb@example.com',
      'bo\u2060b@example.com',
      'b\u200eob@example.com',
      'bo\u034fb@example.com',
      'bob\u3164@example.com',
      'b0b@example.com',
      'bo\u0301b@example.com',
      // Half of a character: no text at all
      '\ud800@example.com',
    ]) {
      const answer = await client
        .post(route('api.registration.store'))
        .json({ email: hidden, password: PASSWORD })
      answer.assertStatus(422)
    }
    assert.equal(await count('users'), 2)

    // A different address registers as ever
    ;(
      await client
        .post(route('api.registration.store'))
        .json({ email: 'bobby@example.com', password: PASSWORD })
    ).assertStatus(201)
  })

  test('look-alike accounts made before are left as they are', async ({ client }) => {
    await registerReader(client, 'bob@example.com')
    // As an older version allowed: a second account with a Cyrillic о
    await db
      .table('users')
      .insert({ email: 'bоb@example.com', password: null, is_admin: false, email_skeleton: null })
    const bob = await client
      .post(route('api.access_tokens.store'))
      .json({ email: 'bob@example.com', password: PASSWORD })
    bob.assertStatus(200)
  })
})

test.group('An account stays its owner’s: no secret in a log, no cookie it needs not', (group) => {
  group.each.setup(() => resetDatabase())

  test('every route with a token in its path has it redacted from the request log', async ({
    assert,
  }) => {
    const patterns = Object.values(router.toJSON())
      .flat()
      .map((entry) => entry.pattern)
      .filter((pattern) => pattern.includes(':token'))
    assert.isNotEmpty(patterns)
    for (const pattern of patterns) {
      const secret = 'a'.repeat(43)
      const path = pattern.replace(':token', secret).replace('*', 'more')
      assert.notInclude(loggablePath(path, pattern), secret, pattern)
      // Nor in part, split by a stray character
      const split = `${secret.slice(0, 21)}%C2%AD${secret.slice(21)}`
      const logged = loggablePath(pattern.replace(':token', split), pattern)
      assert.notInclude(logged, secret.slice(0, 21), pattern)
    }
  })

  test('the log of whole reset, confirmation and undo flows holds no token', async ({
    client,
    assert,
  }) => {
    const smtp = await localSmtp()
    const server = await startChildServer({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_SECURE: 'false',
      APP_URL: 'https://pile.reader.example',
      LOG_LEVEL: 'info',
    })
    const at = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init)
    const json = (body: object, token?: string) => ({
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    })
    try {
      const r = await registerReader(client)
      const tokens: string[] = []
      const linkIn = async (to: string, path: string, atLeast = 1) => {
        const mails = await smtp.mailsTo(to, atLeast)
        const found = mails
          .map((m) => new RegExp(`/${path}/([\\w-]+)`).exec(m.data)?.[1])
          .filter((t): t is string => Boolean(t))
        tokens.push(...found)
        return found.at(-1)!
      }

      // A reset: the mailed link's page, then the new password
      assert.equal(
        (await at(route('api.password_reset.store'), json({ email: r.email }))).status,
        202
      )
      const reset = await linkIn(r.email, 'password/reset')
      assert.equal((await at(route('password_reset.edit', { token: reset }))).status, 200)
      const signedIn = await at(
        route('api.password_reset.confirm'),
        json({ token: reset, password: NEW_PASSWORD })
      )
      assert.equal(signedIn.status, 200)
      const { token } = (await signedIn.json()) as { token: string }

      // An email change: the confirmation's page and the confirmation, then the undo's page
      const moved = `moved-${r.email}`
      const asked = await at(route('api.me.update'), {
        ...json({ email: moved, current_password: NEW_PASSWORD }, token),
        method: 'PATCH',
      })
      assert.equal(asked.status, 200)
      const confirm = await linkIn(moved, 'email/confirm')
      const revert = await linkIn(r.email, 'email/revert', 2)
      assert.equal((await at(route('email_change.show', { token: confirm }))).status, 200)
      assert.equal(
        (await at(route('api.email_confirm.store'), json({ token: confirm }))).status,
        200
      )
      assert.equal((await at(route('email_revert.show', { token: revert }))).status, 200)
      // A mistyped or odd path is logged without its token too
      for (const odd of [
        `/password/reset/${reset}.`,
        `//password/reset/${reset}`,
        `/Password/Reset/${reset}`,
        `/password/reset%2F${reset}`,
        `/pasword/reset/${reset}`,
        // split by a mail client's wrap: two runs too short to look like a token
        `${route('password_reset.edit', { token: 'T' }).slice(0, -1)}${reset.slice(0, 20)}=${reset.slice(20)}`,
        `/Password/Reset/${reset.slice(0, 20)}=${reset.slice(20)}/more`,
      ]) {
        assert.equal((await at(odd)).status, 404, odd)
      }

      // A shared list's link, opened whole, split by a stray character, and with more after it
      const made = await at(route('api.shares.store'), json({ what: 'queue' }, token))
      assert.equal(made.status, 201)
      const shared = new URL(((await made.json()) as { url: string }).url).pathname
      const shareToken = shared.split('/').at(-1)!
      tokens.push(shareToken)
      const split = `${shareToken.slice(0, 21)}%C2%AD${shareToken.slice(21)}`
      assert.equal((await at(shared)).status, 200)
      assert.equal((await at(route('shared.show', { token: split }))).status, 404)
      assert.equal((await at(`${shared}/more`)).status, 404)

      const log = server.output()
      assert.include(log, `${route('shared.show', { token: 'T' }).slice(0, -1)}[redacted]"`)
      assert.notInclude(log, shareToken.slice(0, 21))
      assert.notInclude(log, shareToken.slice(21))
      assert.notInclude(log, reset.slice(0, 20))
      assert.notInclude(log, reset.slice(20))
      assert.include(log, '/password/reset/[redacted]')
      assert.include(log, '/email/confirm/[redacted]')
      assert.include(log, '/email/revert/[redacted]')
      assert.lengthOf(tokens, 4)
      for (const secret of [...tokens, token]) assert.notInclude(log, secret)
    } finally {
      await server.stop()
      await smtp.close()
    }
  })
    .timeout(60000)
    .setup(pauseOwnMailWorker)

  test('answers that need no session set no cookie', async ({ assert }) => {
    for (const path of [
      route('health'),
      route('livez'),
      route('service_worker'),
      route('openapi'),
      route('offline'),
    ]) {
      const answer = await fetch(`${BASE_URL}${path}`)
      assert.equal(answer.status, 200, path)
      assert.isNull(answer.headers.get('set-cookie'), path)
    }
    // A page with a form still gets its session (and the CSRF secret in it)
    const login = await fetch(`${BASE_URL}${route('session.create')}`)
    assert.include(login.headers.get('set-cookie') ?? '', 'cp_session')
  })
})

test.group('An account stays its owner’s: the command line keeps to the app’s rules', (group) => {
  let legacyUrl: string
  group.setup(async () => {
    legacyUrl = await createLegacyDatabase('legacy_hostile')
    const legacy = new pg.Client({ connectionString: legacyUrl })
    await legacy.connect()
    await legacy.query(
      `UPDATE threads SET review_url = 'javascript:alert(1)' WHERE id = (SELECT min(id) FROM threads WHERE user_id = 1)`
    )
    await legacy.query(
      `UPDATE threads SET notes = repeat('x', 3000000) WHERE id = (SELECT min(id) + 1 FROM threads WHERE user_id = 1)`
    )
    await legacy.query(
      `UPDATE threads SET review_url = 'data:text/html,hi' WHERE id = (SELECT min(id) + 2 FROM threads WHERE user_id = 1)`
    )
    // Times no app can keep: a session that ends at infinity, an event at minus infinity
    await legacy.query(
      `UPDATE sessions SET ended_at = 'infinity' WHERE id = (SELECT min(id) FROM sessions WHERE user_id = 1)`
    )
    await legacy.query(
      `UPDATE events SET timestamp = '-infinity' WHERE id = (SELECT max(id) FROM events)`
    )
    await legacy.end()
  })
  group.each.setup(() => {
    ace.ui.switchMode('raw')
    return () => ace.ui.switchMode('normal')
  })
  group.each.setup(() => resetDatabase())

  test('legacy:import refuses a users.id = 1 that is somebody’s account unless --email names it', async ({
    client,
    assert,
  }) => {
    const stranger = await registerReader(client)
    assert.equal(stranger.user.id, 1)
    const refused = await ace.create(LegacyImport, [legacyUrl])
    await refused.exec()
    refused.assertFailed()
    refused.assertLogMatches(/registered account/)
    assert.equal(await count('threads', { user_id: 1 }), 0)

    const named = await ace.create(LegacyImport, [legacyUrl, `--email=${stranger.email}`])
    await named.exec()
    named.assertSucceeded()
    assert.isAbove(await count('threads', { user_id: 1 }), 0)
  })

  test('legacy:import reports the rows the API would refuse and stores none of them, with no SQL', async ({
    assert,
  }) => {
    const command = await ace.create(LegacyImport, [legacyUrl])
    await command.exec()
    command.assertSucceeded()
    const lines = command.logger.getLogs().map((log) => log.message)
    const refused = lines.filter((line) => line.includes('Not imported'))
    assert.isTrue(refused.some((line) => line.includes('review_url')))
    assert.isTrue(refused.some((line) => line.includes('notes')))
    assert.isTrue(refused.some((line) => /sessions id \d+: ended_at/.test(line)))
    assert.isTrue(refused.some((line) => /events id \d+: timestamp/.test(line)))
    assert.notExists(lines.find((line) => /\b(insert|select|update) /i.test(line)))
    assert.equal(await count('threads', { user_id: 1 }), 21)
    const stored = await db.from('threads').where('user_id', 1).select('review_url', 'notes')
    assert.notExists(stored.find((t) => /^(javascript|data):/.test(t.review_url ?? '')))
    assert.notExists(stored.find((t) => (t.notes ?? '').length > 5000))
  })
})
