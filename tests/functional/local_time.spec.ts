import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { PASSWORD, apiReader, route, signedInPages, uniqueEmail } from '#tests/support/accounts'
import { PageClient } from '#tests/support/browserless_client'

/** Registers through the page, sending `timeZone` as the page's script would. */
async function registerOnPage(timeZone?: string) {
  const pages = new PageClient()
  const email = uniqueEmail()
  await pages.get(route('registration.create'))
  const answer = await pages.post(route('registration.store'), {
    email,
    password: PASSWORD,
    ...(timeZone === undefined ? {} : { time_zone: timeZone }),
  })
  if (answer.status !== 302) throw new Error(`registration failed: ${answer.status}`)
  return { pages, user: await db.from('users').where('email', email).firstOrFail() }
}

test.group('Local time', (group) => {
  group.each.setup(() => resetDatabase())

  test('the page registration keeps the browser’s zone; without one, or an unknown one, UTC', async ({
    client,
    assert,
  }) => {
    assert.equal((await registerOnPage('America/New_York')).user.time_zone, 'America/New_York')
    assert.isNull((await registerOnPage()).user.time_zone)
    assert.isNull((await registerOnPage('')).user.time_zone)
    assert.isNull((await registerOnPage('Mars/Olympus_Mons')).user.time_zone)

    // And an account registered through the API is in UTC until its reader names a zone
    const r = await apiReader(client)
    const settings = await r.call('get', route('api.settings.show'))
    assert.equal(settings.body().time_zone, 'UTC')
  })

  test('pages show times in the reader’s zone; the API stays in UTC', async ({
    client,
    assert,
  }) => {
    // Given a reader in New York with a session that started on Monday 00:05 UTC
    const { pages, user } = await registerOnPage('America/New_York')
    const [session] = await db
      .table('reading_sessions')
      .insert({
        user_id: user.id,
        started_at: '2026-11-30T00:05:00Z',
        last_activity_at: '2026-11-30T01:10:00Z',
        ended_at: '2026-11-30T01:10:00Z',
        start_die: 6,
        current_die: 6,
      })
      .returning('id')

    // Then history tells it as Sunday evening in New York
    const history = (await pages.get(route('history.index'))).html
    assert.include(history, 'Sun 29 Nov 2026')
    assert.match(history, /19:05–20:10 (EST|GMT-5)/)
    assert.notInclude(history, 'Mon 30 Nov 2026')

    // And the API says UTC
    const token = (
      await client
        .post(route('api.access_tokens.store'))
        .json({ email: user.email, password: PASSWORD })
    ).body().token
    const api = await client
      .get(route('api.sessions.show', { id: session.id }))
      .header('authorization', `Bearer ${token}`)
    assert.equal(api.body().started_at, '2026-11-30T00:05:00.000Z')
  })

  test('the account page shows the zone and changes it; an unknown one is refused by the field', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const pages = await signedInPages(r.email)
    const account = (await pages.get(route('account.show'))).html
    assert.match(account, /<option value="UTC" selected>UTC<\/option>/)
    assert.include(account, '<option value="Asia/Tokyo" >Asia/Tokyo</option>')

    // When the reader picks Tokyo
    const saved = await pages.post(`${route('account.settings.update')}?_method=PUT`, {
      session_gap_hours: '6',
      start_die: '6',
      time_zone: 'Asia/Tokyo',
    })
    assert.equal(saved.status, 302)
    assert.equal((await db.from('users').where('id', r.user.id).first()).time_zone, 'Asia/Tokyo')
    assert.equal((await r.call('get', route('api.settings.show'))).body().time_zone, 'Asia/Tokyo')

    // When a zone it does not know is sent
    await pages.get(route('account.show'))
    const refused = await pages.post(`${route('account.settings.update')}?_method=PUT`, {
      session_gap_hours: '6',
      start_die: '6',
      time_zone: 'Europe/Atlantis',
    })

    // Then the page says so by the field, and the zone stays
    assert.equal(refused.status, 422)
    assert.include(refused.html, 'Choose a time zone by its name, like Europe/Paris or UTC.')
    assert.equal((await db.from('users').where('id', r.user.id).first()).time_zone, 'Asia/Tokyo')
  })
})
