/// <reference lib="dom" />
import { test } from '@japa/runner'
import type { Browser, Locator, Page } from 'playwright'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { route } from '#tests/support/accounts'
import { numberedTitles, readerWithThreads } from '#tests/support/browser_flows'
import { BASE_URL } from '#tests/bootstrap'

const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 800 }
const SETUPS = [
  { name: 'phone', viewport: PHONE, javaScriptEnabled: true },
  { name: 'phone without JavaScript', viewport: PHONE, javaScriptEnabled: false },
  { name: 'desktop', viewport: DESKTOP, javaScriptEnabled: true },
  { name: 'desktop without JavaScript', viewport: DESKTOP, javaScriptEnabled: false },
]

/** A new page in a browser context of its own (size, JavaScript on or off). */
async function pageFor(browser: Browser, setup: (typeof SETUPS)[number]) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport: setup.viewport,
    javaScriptEnabled: setup.javaScriptEnabled,
  })
  return context.newPage()
}

/** A reader (registered through the form) with a queue of "Thread 1" … "Thread n". */
async function readerWithQueue(page: Page, threads: number) {
  const rows = numberedTitles(threads).map((title) => ({ title, last_activity_at: new Date() }))
  return (await readerWithThreads(page, rows)).user
}

/** Whether the element is on screen and not covered (by the bottom navigation, say). */
function onScreen(locator: Locator) {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect()
    if (box.top < 0 || box.bottom > window.innerHeight) return false
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
    return Boolean(hit && element.contains(hit))
  })
}

/** The row of a thread on the queue page. */
const rowOf = (page: Page, title: string) =>
  page.locator('li.qr', { has: page.getByRole('link', { name: title, exact: true }) })

const focusedIsFeedback = (page: Page) =>
  page.evaluate(() => Boolean(document.activeElement?.matches('[data-feedback]')))

test.group('Feedback where the reader acted', (group) => {
  group.each.setup(() => resetDatabase())

  for (const setup of SETUPS) {
    test(`${setup.name}: a move from a row's menu and an add show their message and Undo in view, focused`, async ({
      browser,
      assert,
    }) => {
      // Given a reader with 60 threads, on the queue page
      const page = await pageFor(browser, setup)
      const user = await readerWithQueue(page, 60)
      await page.goto(route('queue.show'))

      // When thread 45 is sent to the front from its row's menu
      const row = rowOf(page, 'Thread 45')
      await row.locator('summary').click()
      await row.getByRole('button', { name: 'To the front' }).click()

      // Then its row, now first, holds the message and an Undo, on screen and focused
      const feedback = page.locator('[data-feedback]')
      await feedback.filter({ hasText: 'Moved Thread 45 to the front.' }).waitFor()
      assert.equal(await rowOf(page, 'Thread 45').locator('.face').textContent(), '1')
      assert.isTrue(await onScreen(feedback))
      assert.isTrue(await onScreen(feedback.getByRole('button', { name: /^Undo/ })))
      assert.isTrue(await focusedIsFeedback(page))
      assert.include(await rowOf(page, 'Thread 45').getAttribute('class'), 'changed')

      // When a thread is added at the back of the queue
      await page.getByText('Add threads').click()
      const form = page.locator('form.add-form')
      await form.getByLabel('Title').fill('Last in line')
      await form.getByLabel('Format').fill('Trade')
      await form.getByLabel('Issues left').fill('2')
      await form.getByLabel('Back').check()
      await form.getByRole('button', { name: 'Add thread' }).click()

      // Then the message says where it went, by the add form, on screen and focused
      await feedback.filter({ hasText: 'Added Last in line at position 61.' }).waitFor()
      assert.isTrue(await onScreen(feedback))
      assert.isTrue(await focusedIsFeedback(page))

      // And its Undo takes the add back
      await feedback.getByRole('button', { name: /^Undo/ }).click()
      await page.getByText('Undone: New thread Last in line.').waitFor()
      const left = await db.from('threads').where({ user_id: user.id, title: 'Last in line' })
      assert.lengthOf(left, 0)
      await page.context().close()
    }).timeout(30000)
  }

  test('phone: a drag scrolls the page near its edge, and the Undo names that move', async ({
    browser,
    assert,
  }) => {
    // Given a reader with 40 threads, on the queue page scrolled to thread 30
    const page = await pageFor(browser, SETUPS[0])
    const user = await readerWithQueue(page, 40)
    await page.goto(route('queue.show'))
    const row = rowOf(page, 'Thread 30')
    await row.evaluate((element) => element.scrollIntoView({ block: 'center' }))
    const startScroll = await page.evaluate(() => window.scrollY)

    // When its handle is held near the top of the screen for a while, then let go
    const handle = (await row.locator('[data-drag-handle]').boundingBox())!
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2)
    await page.mouse.down()
    await page.mouse.move(handle.x + handle.width / 2, 30, { steps: 10 })
    await page.waitForTimeout(1200)
    const heldScroll = await page.evaluate(() => window.scrollY)
    await page.mouse.up()

    // Then the page scrolled up while it was held, and the thread moved up past the
    // rows that were on the screen
    assert.isBelow(heldScroll, startScroll - 300)
    const feedback = page.locator('[data-feedback]')
    await feedback.filter({ hasText: /Moved Thread 30 to position \d+\./ }).waitFor()
    const position = Number(await rowOf(page, 'Thread 30').locator('.face').textContent())
    assert.isBelow(position, 25)
    const stored = await db
      .from('threads')
      .where({ user_id: user.id, status: 'active' })
      .orderBy('sort_key')
      .select('title')
    assert.equal(stored[position - 1].title, 'Thread 30')

    // And its message and Undo are on screen, the Undo naming this move
    assert.isTrue(await onScreen(feedback))
    const undo = feedback.getByRole('button', { name: /^Undo/ })
    assert.equal(
      await undo.getAttribute('aria-label'),
      `Undo: Move of Thread 30 to position ${position}`
    )
    await page.context().close()
  }).timeout(30000)
})

test.group('Finding a thread, and errors next to their field', (group) => {
  group.each.setup(() => resetDatabase())

  for (const setup of SETUPS) {
    test(`${setup.name}: the queue is searched by words`, async ({ browser, assert }) => {
      // Given a reader with 30 threads, on the queue page
      const page = await pageFor(browser, setup)
      await readerWithQueue(page, 30)
      await page.goto(route('queue.show'))

      // When "thread 2" is searched for
      await page.getByRole('searchbox', { name: 'Find a thread' }).fill('thread 2')
      await page.getByRole('button', { name: 'Find' }).click()

      // Then the list holds the twelve whose title has both words, at their places in the queue
      await page.getByText('12 threads in your queue match').waitFor()
      const titles = await page.locator('.qr-body > a').allTextContents()
      assert.deepEqual(titles, [
        'Thread 2',
        'Thread 12',
        ...Array.from({ length: 10 }, (_, i) => `Thread ${20 + i}`),
      ])
      assert.equal(await rowOf(page, 'Thread 20').locator('.face').textContent(), '20')
      assert.include(page.url(), 'q=thread+2')
      await page.context().close()
    }).timeout(30000)
  }

  test('phone: with JavaScript the list follows what is typed', async ({ browser, assert }) => {
    const page = await pageFor(browser, SETUPS[0])
    await readerWithQueue(page, 30)
    await page.goto(route('queue.show'))
    await page.getByRole('searchbox', { name: 'Find a thread' }).pressSequentially('d 17')
    await page.getByText('1 thread in your queue matches').waitFor()
    assert.deepEqual(await page.locator('.qr-body > a').allTextContents(), ['Thread 17'])
    await page.context().close()
  }).timeout(30000)

  for (const setup of [SETUPS[0], SETUPS[1]]) {
    test(`${setup.name}: a move to no position says so next to the field, focused`, async ({
      browser,
      assert,
    }) => {
      // Given a thread's page
      const page = await pageFor(browser, setup)
      const user = await readerWithQueue(page, 5)
      const thread = await db.from('threads').where({ user_id: user.id, title: 'Thread 3' }).first()
      await page.goto(route('threads.show', { id: thread.id }))

      // When the position is emptied and Move pressed
      await page.getByLabel('To position').fill('')
      await page.getByRole('button', { name: 'Move there', exact: true }).click()

      // Then the field says what is wrong, has the focus, and nothing moved
      const message = page.locator('#field-position-error')
      await message.waitFor()
      assert.equal((await message.textContent())!.trim(), 'This field is required.')
      assert.isTrue(await onScreen(message))
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-position')
      const order = await db
        .from('threads')
        .where({ user_id: user.id })
        .orderBy('sort_key')
        .select('title')
      assert.equal(order[2].title, 'Thread 3')
      await page.context().close()
    }).timeout(30000)
  }
})

test.group('The roll page after a roll', (group) => {
  group.each.setup(() => resetDatabase())

  for (const setup of SETUPS) {
    test(`${setup.name}: the pick is the hero, Rate it its one primary action, marked in the pool`, async ({
      browser,
      assert,
    }) => {
      // Given a reader with eight threads, on the roll page
      const page = await pageFor(browser, setup)
      await readerWithQueue(page, 8)
      await page.goto(route('roll.show'))

      // When the die is rolled
      await page.getByRole('button', { name: 'Roll d6' }).click()
      const title = page.locator('.pending-title')
      await title.waitFor()
      const picked = (await title.textContent())!.trim()

      // Then the pick and its Rate it are on screen, the one primary action and the one die
      assert.isTrue(await onScreen(title))
      assert.isTrue(await onScreen(page.getByRole('link', { name: 'Rate it' })))
      assert.equal(await page.locator('main .primary').count(), 1)
      assert.equal(await page.locator('main svg.die').count(), 1)
      assert.equal(await page.getByRole('button', { name: 'Roll again' }).count(), 1)
      // And the pool marks it
      const marked = page.locator('.pool li.picked')
      assert.equal((await marked.locator('.pool-title').textContent())!.trim(), picked)
      await page.context().close()
    }).timeout(30000)
  }
})
