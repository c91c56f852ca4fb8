import { test } from '@japa/runner'
import type { Browser } from 'playwright'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { route } from '#tests/support/accounts'
import { registerInBrowser } from '#tests/support/browser_flows'
import { BASE_URL } from '#tests/bootstrap'
import { GAP } from '#domain/queue'

const PHONE = { width: 390, height: 844 }

async function phonePage(browser: Browser, javaScriptEnabled: boolean) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport: PHONE,
    javaScriptEnabled,
  })
  return context.newPage()
}

test.group('Snooze in a browser', (group) => {
  group.each.setup(() => resetDatabase())

  for (const javaScriptEnabled of [true, false]) {
    test(`phone${javaScriptEnabled ? '' : ' without JavaScript'}: not tonight, then bring it back`, async ({
      browser,
      assert,
    }) => {
      // Given a reader with eight threads who has rolled
      const page = await phonePage(browser, javaScriptEnabled)
      const email = await registerInBrowser(page)
      const user = await db.from('users').where('email', email).firstOrFail()
      await db.table('threads').multiInsert(
        Array.from({ length: 8 }, (_, i) => ({
          user_id: user.id,
          title: `Thread ${i + 1}`,
          format: 'Trade',
          issues_remaining: 4,
          status: 'active',
          sort_key: (i + 1) * GAP,
        }))
      )
      await page.goto(route('roll.show'))
      await page.getByRole('button', { name: 'Roll d6' }).click()
      await page.locator('.pending-title').waitFor()
      const picked = (await page.locator('.pending-title').textContent())!.trim()

      // When "Not tonight" is pressed
      await page.getByRole('button', { name: 'Not tonight' }).click()

      // Then it is listed as snoozed, out of the pool, which Thread 7 joins; a roll can be made
      await page.getByText(`${picked} is snoozed until this session ends.`).waitFor()
      const snoozed = page.locator('.snoozed-list li')
      assert.deepEqual(await snoozed.locator('span').allTextContents(), [picked])
      const pool = await page.locator('.pool .pool-title').allTextContents()
      assert.notInclude(pool, picked)
      assert.include(pool, 'Thread 7')
      assert.equal(await page.getByRole('button', { name: 'Roll d6' }).count(), 1)

      // When it is brought back
      await page.getByRole('button', { name: `Bring ${picked} back tonight` }).click()

      // Then it is in the pool again and nothing is snoozed
      await page.getByText(`${picked} is back in the roll pool.`).waitFor()
      assert.include(await page.locator('.pool .pool-title').allTextContents(), picked)
      assert.equal(await page.locator('.snoozed-list').count(), 0)
      const session = await db.from('reading_sessions').where('user_id', user.id).first()
      assert.deepEqual(session.snoozed_thread_ids, [])
      await page.context().close()
    }).timeout(30000)
  }
})
