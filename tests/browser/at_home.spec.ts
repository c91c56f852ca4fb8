import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import { count, resetDatabase } from '#tests/support/database'
import { route } from '#tests/support/accounts'
import { waitUntil } from '#tests/support/wait'
import {
  addThreadsInBrowser,
  phonePage,
  registerInBrowser,
  rollAndRateInBrowser,
} from '#tests/support/browser_flows'

test.group('At home on a phone', (group) => {
  group.each.setup(() => resetDatabase())

  test('a reader in New York registers and sees their session in New York time', async ({
    browser,
    assert,
  }) => {
    // Given a phone whose clock is in New York
    const page = await phonePage(browser, { timezoneId: 'America/New_York' })
    const context = page.context()

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

test.group('Installable', (group) => {
  group.each.setup(() => resetDatabase())

  test('Chromium finds nothing that keeps the app from being installed', async ({
    browser,
    assert,
  }) => {
    const page = await phonePage(browser)
    const context = page.context()
    await page.goto(route('session.create'))
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
    const cdp = await context.newCDPSession(page)
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors')
    const errors = installabilityErrors
      .map((error) => error.errorId)
      .filter((id) => id !== 'in-incognito')
    assert.deepEqual(errors, [])
    const manifest = await cdp.send('Page.getAppManifest')
    assert.deepEqual(manifest.errors, [])
    await context.close()
  }).timeout(30000)

  test('offline, the queue answers the offline page and names no thread; nothing signed in is kept', async ({
    browser,
    assert,
  }) => {
    // Given a signed-in reader whose queue holds Saga, on a page the service worker controls
    const page = await phonePage(browser)
    const context = page.context()
    await registerInBrowser(page)
    await addThreadsInBrowser(page, ['Saga'], 3)
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
    await page.reload()
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)

    // When the network is gone and the queue is opened
    await context.setOffline(true)
    await page.goto(route('queue.show'))

    // Then the offline page answers, and no thread is named
    await page.getByRole('heading', { name: 'You are offline' }).waitFor()
    assert.notInclude(await page.content(), 'Saga')

    // And the caches hold the static files and the offline page only
    const kept: string[] = await page.evaluate(async () => {
      const urls: string[] = []
      for (const name of await caches.keys()) {
        const cache = await caches.open(name)
        for (const request of await cache.keys()) urls.push(new URL(request.url).pathname)
      }
      return urls
    })
    assert.include(kept, route('offline'))
    assert.include(kept, '/app.css')
    for (const path of kept) {
      assert.match(
        path,
        /^\/(offline|app\.css|app\.js|favicon\.svg|manifest\.webmanifest|icons\/.+\.png)$/
      )
    }
    await context.setOffline(false)
    await context.close()
  }).timeout(30000)
})

test.group('The account page on a phone', (group) => {
  group.each.setup(() => resetDatabase())

  for (const javaScriptEnabled of [true, false]) {
    test(`phone${javaScriptEnabled ? '' : ' without JavaScript'}: devices named plainly; signing out everywhere asks first`, async ({
      browser,
      assert,
    }) => {
      const page = await phonePage(browser, { javaScriptEnabled })
      const context = page.context()
      await registerInBrowser(page)
      await page.goto(route('account.show'))

      // The device is named by its browser and system, marked as this one
      const device = page.locator('.token').first()
      assert.match((await device.locator('strong').textContent())!, /^Chrom(e|ium) on Linux$/)
      assert.include(await device.textContent(), 'This device')

      // When "Sign out everywhere…" is pressed, it asks first
      await page.getByRole('link', { name: 'Sign out everywhere…' }).click()
      const question = page.getByRole('heading', { name: 'Sign out everywhere?' })
      await question.waitFor()
      assert.isTrue(await question.isVisible())
      if (javaScriptEnabled) {
        // A dialog on the account page: cancelling keeps the reader signed in
        assert.match(page.url(), /\/account$/)
        await page.getByRole('button', { name: 'Cancel' }).click()
        assert.isFalse(await question.isVisible())
        await page.getByRole('link', { name: 'Sign out everywhere…' }).click()
      } else {
        assert.match(page.url(), /\/account\/sign-out-everywhere$/)
      }
      assert.equal(await count('access_tokens', { revoked_at: null }), 1)

      // When it is confirmed, the reader is signed out
      await page.getByRole('button', { name: 'Sign out everywhere', exact: true }).click()
      await page.waitForURL('**/login')
      assert.equal(await count('access_tokens', { revoked_at: null }), 0)
      await context.close()
    }).timeout(30000)
  }
})

test.group('A forgotten password', (group) => {
  group.each.setup(() => resetDatabase())

  test('phone: forgot → mail → new password → signed in', async ({ browser, assert }) => {
    const fake = mail.fake()
    try {
      // Given a reader who registered, then signed out
      const page = await phonePage(browser)
      const context = page.context()
      const email = await registerInBrowser(page)
      await page.goto(route('account.show'))
      await page.getByRole('button', { name: 'Sign out', exact: true }).click()
      await page.waitForURL('**/login')

      // When they follow "Forgot password?" and give their email
      await page.getByRole('link', { name: 'Forgot password?' }).click()
      await page.getByLabel('Email').fill(email)
      await page.getByRole('button', { name: 'Send the link' }).click()
      await page.getByText(`If an account uses ${email}, a link`).waitFor()

      // Then the mail arrives; its link opens the page for a new password
      const [sent] = await waitUntil(
        () => fake.messages.sent().length > 0 && fake.messages.sent(),
        { message: `the reset mail to ${email}` }
      )
      const text = String(sent.nodeMailerMessage.text)
      const link = /https?:\/\/\S+\/password\/reset\/[\w-]+/.exec(text)![0]
      await page.goto(new URL(link).pathname)
      await page.getByLabel('New password').fill('my brand new passphrase')
      await page.getByRole('button', { name: 'Save the new password' }).click()

      // And they are signed in, on the roll page
      await page.getByText('Your password is changed').waitFor()
      assert.equal(new URL(page.url()).pathname, route('roll.show'))
      assert.equal(await page.locator('.app-nav').count(), 1)
      await context.close()
    } finally {
      mail.restore()
    }
  }).timeout(30000)
})
