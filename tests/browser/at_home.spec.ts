import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { route } from '#tests/support/accounts'
import {
  addThreadsInBrowser,
  registerInBrowser,
  rollAndRateInBrowser,
} from '#tests/support/browser_flows'
import { BASE_URL } from '#tests/bootstrap'

const PHONE = { width: 390, height: 844 }

test.group('At home on a phone', (group) => {
  group.each.setup(() => resetDatabase())

  test('a reader in New York registers and sees their session in New York time', async ({
    browser,
    assert,
  }) => {
    // Given a phone whose clock is in New York
    const context = await browser.newContext({
      baseURL: BASE_URL,
      viewport: PHONE,
      timezoneId: 'America/New_York',
    })
    const page = await context.newPage()

    // When the reader registers and reads one thread
    const email = await registerInBrowser(page)
    await addThreadsInBrowser(page, ['Saga'], 3)
    await rollAndRateInBrowser(page, '4.0')

    // Then their account is in New York time
    const user = await db.from('users').where('email', email).firstOrFail()
    assert.equal(user.time_zone, 'America/New_York')

    // And history shows the session's day and start in New York time
    const session = await db.from('reading_sessions').where('user_id', user.id).firstOrFail()
    const started = DateTime.fromJSDate(session.started_at).setZone('America/New_York')
    await page.goto(route('history.index'))
    const story = page.locator('.story-head').first()
    assert.include(await story.textContent(), started.toFormat('ccc d LLL yyyy'))
    assert.include(await story.textContent(), started.toFormat('HH:mm'))
    assert.match((await story.textContent())!, /E[SD]T|GMT-[45]/)
    await context.close()
  }).timeout(30000)
})
