import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { route } from '#tests/support/accounts'
import { phonePage, registerInBrowser } from '#tests/support/browser_flows'
import { GAP } from '#domain/queue'

/** Tags on a phone, with and without JavaScript: tagged, offered, shown, listed by. */
test.group('Tags in a browser', (group) => {
  group.each.setup(() => resetDatabase())

  for (const javaScriptEnabled of [true, false]) {
    const how = `phone${javaScriptEnabled ? '' : ' without JavaScript'}`

    test(`${how}: tag two threads, see the tags on their rows, list the queue by one`, async ({
      browser,
      assert,
    }) => {
      // Given a reader with three threads, one tagged already
      const page = await phonePage(browser, { javaScriptEnabled })
      const email = await registerInBrowser(page)
      const user = await db.from('users').where('email', email).firstOrFail()
      const ids = await db
        .table('threads')
        .multiInsert(
          ['Hellboy', 'Saga', 'Harrow County'].map((title, i) => ({
            user_id: user.id,
            title,
            format: 'Trade',
            issues_remaining: 4,
            sort_key: (i + 1) * GAP,
            tags: i === 0 ? ['Horror'] : [],
            tag_keys: i === 0 ? ['horror'] : [],
          }))
        )
        .returning('id')
      const harrow = ids[2].id as number

      // When the reader tags Harrow County on its edit page
      await page.goto(route('threads.edit', { id: harrow }))
      const field = page.getByLabel('Tags')
      if (javaScriptEnabled) {
        // the reader's tags are offered as they type
        await field.pressSequentially('ho')
        const offered = await page
          .locator(`datalist#${await field.getAttribute('list')} option`)
          .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))
        assert.deepEqual(offered, ['Horror'])
        await field.fill('')
      }
      await field.fill('horror, folk')
      await page.getByRole('button', { name: 'Save' }).click()
      await page.waitForURL('**/queue**')

      // Then its row shows its tags, in the pile's spelling, as links
      const row = page.locator('li.qr', { hasText: 'Harrow County' })
      assert.deepEqual(await row.locator('a.tag').allTextContents(), ['Horror', 'folk'])

      // And a tag lists the queue by it: the two horror threads at their places
      await row.getByRole('link', { name: 'Horror' }).click()
      await page.waitForURL('**/queue?tag=Horror')
      assert.equal(
        (await page.getByRole('status').filter({ hasText: 'carry the tag' }).textContent())
          ?.replace(/\s+/g, ' ')
          .trim(),
        '2 threads in your queue carry the tag “Horror”. Show the whole queue'
      )
      const listed = page.getByRole('list', { name: 'Threads found' }).locator('li.qr')
      assert.deepEqual(
        (await listed.locator('.face').allTextContents()).map((face) => face.trim()),
        ['1', '3']
      )
      await page.context().close()
    })
  }
})
