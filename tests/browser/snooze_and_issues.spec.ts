import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { route } from '#tests/support/accounts'
import { PHONE, numberedTitles, phonePage, readerWithThreads } from '#tests/support/browser_flows'

test.group('Snooze in a browser', (group) => {
  group.each.setup(() => resetDatabase())

  for (const javaScriptEnabled of [true, false]) {
    test(`phone${javaScriptEnabled ? '' : ' without JavaScript'}: not tonight, then bring it back`, async ({
      browser,
      assert,
    }) => {
      // Given a reader with eight threads who has rolled
      const page = await phonePage(browser, { javaScriptEnabled })
      const { user } = await readerWithThreads(page, numberedTitles(8))
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

test.group('Issues in a browser', (group) => {
  group.each.setup(() => resetDatabase())

  for (const javaScriptEnabled of [true, false]) {
    test(`phone${javaScriptEnabled ? '' : ' without JavaScript'}: list issues, mark one read, see the next`, async ({
      browser,
      assert,
    }) => {
      // Given a reader with Saga in their queue
      const page = await phonePage(browser, { javaScriptEnabled })
      const {
        ids: [saga],
      } = await readerWithThreads(page, [{ title: 'Saga', format: 'Issue', issues_remaining: 3 }])
      await page.goto(route('threads.show', { id: saga }))

      // When the reader lists its issues
      await page.getByLabel('Add its issues').fill('1-40, Annual 1')
      await page.getByRole('button', { name: 'Add issues' }).click()

      // Then the message and its Undo are in view, and #1 is next
      const added = page.getByText('Added 41 issues: #1, #2, #3 and 38 more. Next: #1.')
      await added.waitFor()
      assert.isTrue(await added.isVisible())
      assert.isTrue(await page.getByRole('button', { name: /^Undo: Issues of Saga/ }).isVisible())

      // When #1 is marked read from its row
      await page.getByRole('button', { name: 'Mark #1 read' }).click()

      // Then the message is in view in that row, with the focus, and #2 is next to read
      const message = page.locator('#feedback')
      await message.getByText('#1 read. Next: #2.').waitFor()
      const box = (await message.boundingBox())!
      assert.isAtLeast(box.y, 0)
      assert.isAtMost(box.y + box.height, PHONE.height)
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'feedback')
      assert.isTrue(await page.getByRole('button', { name: 'Mark #1 unread' }).isVisible())
      assert.include(await page.locator('.ir.next').textContent(), '#2')
      const thread = await db.from('threads').where('id', saga).first()
      assert.equal(thread.issues_remaining, 40)
      assert.equal(thread.next_issue, '2')

      // And the roll page names it after a pick
      await page.goto(route('roll.show'))
      await page.getByRole('button', { name: 'Roll d6' }).click()
      await page.getByText('Next: #2').waitFor()
      await page.context().close()
    }).timeout(30000)
  }
})
