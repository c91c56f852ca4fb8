import { test } from '@japa/runner'
import { resetDatabase } from '#tests/support/database'
import { route } from '#tests/support/accounts'
import {
  numberedTitles,
  phonePage,
  readerWithThreads,
  rollAndRateInBrowser,
} from '#tests/support/browser_flows'

/** A goal and this year's review on a phone, with and without JavaScript. */
test.group('A reading life in a browser', (group) => {
  group.each.setup(() => resetDatabase())

  for (const javaScriptEnabled of [true, false]) {
    const how = `phone${javaScriptEnabled ? '' : ' without JavaScript'}`

    test(`${how}: set a goal, see its progress after a rating, open this year's review`, async ({
      browser,
      assert,
    }) => {
      const page = await phonePage(browser, { javaScriptEnabled })
      await readerWithThreads(page, numberedTitles(6))

      // When the reader sets a goal of three issues a week on the analytics page
      await page.goto(route('analytics.show'))
      const goal = page.locator('#goal')
      await goal.getByLabel('How many').fill('3')
      await goal.getByLabel('Of').selectOption('issues')
      await goal.getByLabel('Each').selectOption('week')
      await goal.getByRole('button', { name: 'Set the goal' }).click()
      await page.getByText('3 to go this week (0 of 3 issues).').waitFor()

      // And rates a read of one issue
      await rollAndRateInBrowser(page, '4.0')

      // Then the goal says how far there is to go, in kind words
      await page.goto(route('analytics.show'))
      await page.getByText('2 to go this week (1 of 3 issues).').waitFor()
      assert.equal(await page.locator('#goal meter').getAttribute('value'), '1')
      assert.include(
        await page.locator('#goal').textContent(),
        '1 week in a row with a reading session.'
      )

      // And this year's review is linked, and tells the read
      const year = new Date().getFullYear()
      await page.getByRole('link', { name: `${year} in review` }).click()
      await page.waitForURL(`**${route('review.show', { year })}`)
      await page.getByRole('heading', { name: `${year} in review`, level: 1 }).waitFor()
      const figure = (name: string) =>
        page.locator('.review-stats div', { hasText: name }).locator('dd').textContent()
      assert.equal(await figure('Issues read'), '1')
      assert.equal(await figure('Reading sessions'), '1')
      assert.equal(await figure('Longest streak'), '1 week')
      assert.lengthOf(await page.locator('ol.top-reads li').all(), 1)
      // its charts are told as text to a screen reader
      const issues = page.getByRole('img', { name: /Issues read by month/ })
      assert.include(await issues.locator('desc').textContent(), ': 1 issue')
      await page.context().close()
    })
  }
})
