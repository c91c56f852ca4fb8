import { test } from '@japa/runner'
import { resetDatabase } from '#tests/support/database'
import { route } from '#tests/support/accounts'
import { numberedTitles, phonePage, readerWithThreads } from '#tests/support/browser_flows'

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
      const { ids } = await readerWithThreads(page, [
        { title: 'Hellboy', tags: ['Horror'], tag_keys: ['horror'] },
        'Saga',
        'Harrow County',
      ])
      const harrow = ids[2]

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

    test(`${how}: tag two threads, roll only horror tonight, clear it`, async ({
      browser,
      assert,
    }) => {
      // Given a reader with eight threads, the sixth and the eighth horror once tagged
      const page = await phonePage(browser, { javaScriptEnabled })
      const { ids } = await readerWithThreads(page, numberedTitles(8))
      for (const id of [ids[5], ids[7]]) {
        await page.goto(route('threads.edit', { id }))
        await page.getByLabel('Tags').fill('horror')
        await page.getByRole('button', { name: 'Save' }).click()
        await page.waitForURL('**/queue**')
      }

      // When "only horror" is set from the roll page
      await page.goto(route('roll.show'))
      await page.getByRole('link', { name: 'Narrow tonight’s roll by tag' }).click()
      await page.waitForURL('**/roll/filter')
      const only = page.getByRole('group', { name: /Only these/ })
      const out = page.getByRole('group', { name: 'Leave out' })
      if (javaScriptEnabled) {
        // a tag left out and then kept in is no longer left out
        await out.getByLabel(/horror/).check()
        await only.getByLabel(/horror/).check()
        assert.isFalse(await out.getByLabel(/horror/).isChecked())
      } else {
        await only.getByLabel(/horror/).check()
      }
      await page.getByRole('button', { name: 'Narrow the roll' }).click()
      await page.waitForURL('**/')

      // Then the roll page shows it, and its pool is the two horror threads at their places
      await page.getByText('Tonight’s roll: only horror.').waitFor()
      const filter = page.getByRole('group', { name: 'Tonight’s filter' })
      assert.deepEqual(await filter.locator('.tag').allTextContents(), ['horror'])
      const pool = page.locator('ol.pool li')
      assert.deepEqual(await pool.locator('.pool-title').allTextContents(), [
        'Thread 6',
        'Thread 8',
      ])
      assert.deepEqual(await pool.locator('.pool-position').allTextContents(), [
        '#6 in queue',
        '#8 in queue',
      ])

      // And a roll picks one of them
      await page.getByRole('button', { name: /^Roll d6/ }).click()
      await page.locator('.pending-title').waitFor()
      assert.oneOf((await page.locator('.pending-title').textContent())!.trim(), [
        'Thread 6',
        'Thread 8',
      ])

      // When it is cleared, the pool is the top of the whole queue again
      await page
        .getByRole('group', { name: 'Tonight’s filter' })
        .getByRole('button', { name: 'Clear' })
        .click()
      await page.getByText('Filter cleared: the die rolls over your whole queue again.').waitFor()
      assert.deepEqual(
        await page.locator('ol.pool li .pool-title').allTextContents(),
        numberedTitles(6)
      )
      assert.isTrue(
        await page.getByRole('link', { name: 'Narrow tonight’s roll by tag' }).isVisible()
      )
      await page.context().close()
    })
  }
})
