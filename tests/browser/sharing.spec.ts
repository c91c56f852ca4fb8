import { test } from '@japa/runner'
import { resetDatabase } from '#tests/support/database'
import { route } from '#tests/support/accounts'
import { PHONE, numberedTitles, phonePage, readerWithThreads } from '#tests/support/browser_flows'
import { BASE_URL } from '#tests/bootstrap'

/** Sharing the queue on a phone, with and without JavaScript, opened by a stranger. */
test.group('Sharing a list in a browser', (group) => {
  group.each.setup(() => resetDatabase())

  for (const javaScriptEnabled of [true, false]) {
    const how = `phone${javaScriptEnabled ? '' : ' without JavaScript'}`

    test(`${how}: share the queue, a stranger opens the link, revoke it and it shows nothing`, async ({
      browser,
      assert,
    }) => {
      // Given a reader with three threads
      const page = await phonePage(browser, { javaScriptEnabled })
      if (javaScriptEnabled) {
        await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
          origin: BASE_URL,
        })
      }
      await readerWithThreads(page, numberedTitles(3))

      // When they make a link from the queue page
      await page.goto(route('queue.show'))
      await page.getByRole('link', { name: 'Share…' }).click()
      await page.waitForURL(`**${route('queue.share')}`)
      assert.isTrue(await page.getByText('No live links to your queue.').isVisible())
      await page.getByRole('button', { name: 'Make a link' }).click()
      await page.waitForURL(`**${route('queue.share')}`)

      // Then the link is shown once, as text, and with JavaScript a button copies it
      assert.isTrue(await page.getByText('Link made.').isVisible())
      const url = (await page.locator('#share-url').textContent())!.trim()
      assert.match(url, /\/s\/[\w-]{43}$/)
      assert.isTrue(await page.locator('#share-url').isVisible())
      const copy = page.getByRole('button', { name: 'Copy the link' })
      if (javaScriptEnabled) {
        await copy.click()
        await page.getByText('Copied.').waitFor()
        assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url)
      } else {
        assert.isFalse(await copy.isVisible())
      }
      assert.isTrue(await page.getByText(/Link ending in/).isVisible())

      // And a stranger's phone, with no cookie of the reader's, sees the queue in order
      const stranger = await browser.newContext({ viewport: PHONE, javaScriptEnabled })
      const shared = await stranger.newPage()
      const opened = await shared.goto(url)
      assert.equal(opened!.status(), 200)
      assert.equal(await shared.getByRole('heading', { level: 1 }).textContent(), 'A reading queue')
      const rows = shared.locator('ol.shared-list li > span:first-child')
      assert.deepEqual(await rows.allTextContents(), ['Thread 1', 'Thread 2', 'Thread 3'])
      assert.isFalse(await shared.getByRole('navigation', { name: /main/i }).isVisible())
      assert.deepEqual(await stranger.cookies(), [])
      // It fits the phone: nothing wider than the screen
      assert.isAtMost(
        await shared.evaluate(() => document.documentElement.scrollWidth),
        PHONE.width
      )

      // When the reader revokes it (asked first: in a dialog, or on a page without JavaScript),
      // the stranger's next look finds nothing
      await page.getByRole('link', { name: /^Revoke the link ending in/ }).click()
      await page.getByRole('heading', { name: /^Revoke the link ending in …/ }).waitFor()
      assert.equal(await page.locator('dialog[open]').count(), javaScriptEnabled ? 1 : 0)
      await page.getByRole('button', { name: 'Revoke the link' }).click()
      await page.getByText('Link revoked').waitFor()
      assert.isTrue(await page.getByText('No live links to your queue.').isVisible())
      const gone = await shared.reload()
      assert.equal(gone!.status(), 404)
      assert.isTrue(
        await shared.getByRole('heading', { name: 'This link shows nothing' }).isVisible()
      )
      await stranger.close()
      await page.context().close()
    })
  }
})
