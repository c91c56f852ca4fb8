import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Locator, Page } from 'playwright'
import { resetDatabase } from '#tests/support/database'
import { route } from '#tests/support/accounts'
import { PHONE, numberedTitles, phonePage, readerWithThreads } from '#tests/support/browser_flows'

/** The nightly loop a reader trusts, on a phone and a desktop, with and without JavaScript. */

const DESKTOP = { width: 1280, height: 800 }
const SCREENS = [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const

/** Whether the element is on screen and on top (not under the bottom bar) at its middle. */
async function inView(locator: Locator) {
  const box = await locator.boundingBox()
  const viewport = locator.page().viewportSize()!
  if (!box || box.y < 0 || box.y + box.height > viewport.height) return false
  return locator.evaluate(
    (element, [x, y]) => {
      const top = document.elementFromPoint(x, y)
      return !!top && (element === top || element.contains(top))
    },
    [box.x + box.width / 2, box.y + box.height / 2] as const
  )
}

const rollButton = (page: Page) => page.getByRole('button', { name: /^Roll d\d+$/ })

test.group('The nightly loop in a browser', (group) => {
  group.each.setup(() => resetDatabase())

  for (const [screen, viewport] of SCREENS) {
    for (const javaScriptEnabled of [true, false]) {
      const how = `${screen}${javaScriptEnabled ? '' : ' without JavaScript'}`

      test(`${how}: after a snooze the pool reads faces 1…N and the rolled face is that row`, async ({
        browser,
        assert,
      }) => {
        // Given a reader with eight threads who rolled and snoozed the pick
        const page = await phonePage(browser, { javaScriptEnabled, viewport })
        await readerWithThreads(page, numberedTitles(8))
        await page.goto(route('roll.show'))
        await rollButton(page).click()
        await page.locator('.pending-title').waitFor()
        await page.getByRole('button', { name: 'Not tonight' }).click()
        await page.getByText(/is snoozed until this session ends\.$/).waitFor()

        // When the reader rolls again
        await rollButton(page).click()
        const eyebrow = page.locator('.eyebrow', { hasText: /^You rolled a \d+ on the d\d+$/ })
        await eyebrow.waitFor()
        const [, face, die] = /You rolled a (\d+) on the d(\d+)/.exec(
          (await eyebrow.textContent())!
        )!

        // Then the pool's faces are 1…N and the rolled face's row is the pick
        const faces = await page.locator('.pool .face').allTextContents()
        assert.deepEqual(
          faces.map((text) => text.replace('Face', '').trim()),
          Array.from({ length: Number(die) }, (_, i) => String(i + 1))
        )
        const row = page.locator('.pool li').nth(Number(face) - 1)
        assert.include((await row.getAttribute('class')) ?? '', 'picked')
        assert.equal(
          (await row.locator('.pool-title').textContent())!.trim(),
          (await page.locator('.pending-title').textContent())!.trim()
        )
        await page.context().close()
      }).timeout(30000)

      test(`${how}: a pasted list with a title already in the pile asks before adding anything`, async ({
        browser,
        assert,
      }) => {
        // Given a reader with Saga and Sandman
        const page = await phonePage(browser, { javaScriptEnabled, viewport })
        const { user } = await readerWithThreads(page, ['Saga', 'Sandman'])
        const pile = () =>
          db.from('threads').where('user_id', user.id).orderBy('id').select('title', 'sort_key')
        const before = await pile()

        // When "Monstress" and "saga" are pasted
        await page.goto(route('queue.show'))
        await page.getByText('Add threads').click()
        await page.getByText('Paste a list').click()
        await page.getByLabel('Titles, one a line').fill('Monstress\nsaga')
        await page.getByLabel('Issues left each').fill('2')
        await page.getByRole('button', { name: 'Add them all' }).click()

        // Then the page asks about Saga, in view, and nothing was added
        const question = page.getByRole('heading', { name: 'Already in your pile' })
        await question.waitFor()
        assert.isTrue(await inView(question))
        assert.deepEqual(await pile(), before)
        assert.isTrue(await page.getByLabel('Skip it').isChecked())

        // When the reader keeps "Skip it" and adds the list
        await page.getByRole('button', { name: 'Add the list' }).click()

        // Then only Monstress is added, and the page says Saga was skipped
        await page.getByText(/Skipped, as already in your pile: Saga\./).waitFor()
        const titles = (await pile()).map((t: { title: string }) => t.title)
        assert.deepEqual(titles, ['Saga', 'Sandman', 'Monstress'])
        await page.context().close()
      }).timeout(30000)

      test(`${how}: the help page is reached from the roll page's ladder`, async ({
        browser,
        assert,
      }) => {
        // Given a reader in a session
        const page = await phonePage(browser, { javaScriptEnabled, viewport })
        await readerWithThreads(page, ['Saga', 'Sandman', 'Monstress'])
        await page.goto(route('roll.show'))
        await rollButton(page).click()
        await page.locator('.pending-title').waitFor()

        // When "Why the die changes" is followed from the ladder
        await page.getByRole('link', { name: 'Why the die changes' }).click()

        // Then the help page opens at the ladder's entry, in view
        await page.waitForURL('**/help#ladder')
        const entry = page.locator('#ladder')
        await entry.waitFor()
        assert.isTrue(await inView(entry))
        assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1)
        await page.context().close()
      }).timeout(30000)
    }
  }

  for (const javaScriptEnabled of [true, false]) {
    test(`phone${javaScriptEnabled ? '' : ' without JavaScript'}: the rate page's rating, issues read, preview and Save are in view at 390×844`, async ({
      browser,
      assert,
    }) => {
      // Given a reader who rolled
      const page = await phonePage(browser, { javaScriptEnabled })
      await readerWithThreads(page, ['Saga', 'Sandman', 'Monstress'])
      await page.goto(route('roll.show'))
      await rollButton(page).click()
      await page.locator('.pending-title').waitFor()

      // When the rate page opens
      await page.getByRole('link', { name: 'Rate it' }).click()
      await page.waitForURL('**/rate')

      // Then everything the rating needs is on screen without a scroll
      assert.equal(await page.evaluate(() => window.scrollY), 0)
      const ratings = page.locator('label.rating')
      assert.equal(await ratings.count(), 10)
      for (const label of [ratings.first(), ratings.last()]) assert.isTrue(await inView(label))
      assert.isTrue(await inView(page.getByLabel('Issues read')))
      assert.isTrue(await inView(page.locator('[data-outcome]')))
      assert.isTrue(await inView(page.getByRole('button', { name: 'Save', exact: true })))

      // And a choice saves from there
      await ratings.filter({ hasText: '4.5' }).click()
      await page.getByRole('button', { name: 'Save', exact: true }).click()
      await page.waitForURL('**/')
      assert.isTrue(await rollButton(page).isVisible())
      await page.context().close()
    }).timeout(30000)
  }
})
