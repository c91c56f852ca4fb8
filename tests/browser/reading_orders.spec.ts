import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { route } from '#tests/support/accounts'
import { phonePage, registerInBrowser } from '#tests/support/browser_flows'
import { GAP } from '#domain/queue'

const CBL = `<?xml version="1.0" encoding="utf-8"?>
<ReadingList><Name>Civil War</Name><Books>
  <Book Series="Civil War" Number="1" Volume="2006"/>
  <Book Series="Amazing Spider-Man" Number="532" Volume="1999"/>
  <Book Series="Civil War" Number="2" Volume="2006"/>
</Books></ReadingList>`

/**
 * A reader whose queue is Amazing Spider-Man (1999) (read up to #532), Civil War (2006)
 * (#1–#3, none read) and Saga.
 */
async function readerWithPile(userId: number) {
  const thread = async (title: string, i: number, issues: string[], read: number) => {
    const [row] = await db
      .table('threads')
      .insert({
        user_id: userId,
        title,
        format: 'Issue',
        issues_remaining: issues.length ? issues.length - read : 4,
        issues_total: issues.length || null,
        next_issue: issues[read] ?? null,
        sort_key: (i + 1) * GAP,
      })
      .returning('id')
    if (issues.length) {
      await db.table('issues').multiInsert(
        issues.map((number, o) => ({
          user_id: userId,
          thread_id: row.id,
          number,
          ordinal: o + 1,
          read_at: o < read ? new Date() : null,
        }))
      )
    }
  }
  await thread('Amazing Spider-Man (1999)', 0, ['530', '531', '532', '533'], 2)
  await thread('Civil War (2006)', 1, ['1', '2', '3'], 0)
  await thread('Saga', 2, [], 0)
}

test.group('Reading orders in a browser', (group) => {
  group.each.setup(() => resetDatabase())

  for (const javaScriptEnabled of [true, false]) {
    const how = `phone${javaScriptEnabled ? '' : ' without JavaScript'}`

    test(`${how}: import a CBL file, preview, make it strict, see the held-back thread, read the next entry from the roll page`, async ({
      browser,
      assert,
    }) => {
      // Given a reader with Spider-Man, Civil War and Saga
      const page = await phonePage(browser, { javaScriptEnabled })
      const email = await registerInBrowser(page)
      const user = await db.from('users').where('email', email).firstOrFail()
      await readerWithPile(user.id)

      // When they import the Civil War list as a strict order
      await page.goto(route('orders.index'))
      await page.getByText('No reading orders yet').waitFor()
      await page.getByLabel('A CBL file').setInputFiles({
        name: 'civil-war.cbl',
        mimeType: 'application/xml',
        buffer: Buffer.from(CBL),
      })
      await page.getByLabel('Strict: threads wait for their turn in the order').check()
      await page.getByRole('button', { name: 'Preview the order' }).click()

      // Then the preview names the threads it matched, and nothing is made yet
      await page.getByRole('heading', { name: 'Preview: Civil War' }).waitFor()
      const matched = page.locator('section', { hasText: 'Threads it matched' })
      assert.include(await matched.innerText(), 'Amazing Spider-Man (1999)')
      assert.include(await matched.innerText(), 'Civil War (2006)')
      assert.lengthOf(await db.from('reading_orders').where('user_id', user.id), 0)

      // When they make it
      await page.getByRole('button', { name: 'Make the order' }).click()
      await page.getByText('Made Civil War: 3 entries.').waitFor()

      // Then the roll page names its next entry and the thread that waits its turn
      await page.goto(route('roll.show'))
      const orders = page.locator('.orders-next')
      await orders.getByText('next is Civil War (2006) #1').waitFor()
      assert.include(
        await orders.innerText(),
        'Amazing Spider-Man (1999) — waiting for Civil War (2006) #1 (Civil War)'
      )
      const pool = await page.locator('.pool').innerText()
      assert.notInclude(pool, 'Amazing Spider-Man')
      assert.include(pool, 'Civil War (2006)')

      // When they read the next entry now
      await page.getByRole('button', { name: 'Read it now: Civil War (2006) #1' }).click()

      // Then it is the pick, carrying its issue
      await page.getByText('You picked Civil War (2006) #1. Enjoy!').waitFor()
      assert.equal(await page.locator('.pending-title').innerText(), 'Civil War (2006)')
      assert.include(await page.locator('.pending').innerText(), 'Reading: #1')
      await page.context().close()
    }).timeout(60000)
  }
})
