/// <reference lib="dom" />
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { PASSWORD, uniqueEmail, route } from '#tests/support/accounts'
import {
  addThreadsInBrowser,
  registerInBrowser,
  rollAndRateInBrowser,
} from '#tests/support/browser_flows'

test.group('The ritual in a browser', (group) => {
  group.each.setup(() => resetDatabase())

  test('add threads, roll, rate: the thread moves and the die steps', async ({ visit, assert }) => {
    const page = await visit(route('session.create'))
    await registerInBrowser(page)
    await page.assertTextContains('body', 'Nothing to roll yet')
    await addThreadsInBrowser(page, ['Hellboy', 'Saga', 'Bone'], 5)
    assert.deepEqual(await page.locator('.qr-body > a').allTextContents(), [
      'Hellboy',
      'Saga',
      'Bone',
    ])

    const picked = await rollAndRateInBrowser(page, '4.5')
    await page.assertTextContains('.flash-success', 'Moved to the front')
    await page.assertTextContains('.flash-success', 'd4')
    await page.assertTextContains('.ladder', 'd6')
    await page.assertTextContains('.ladder', 'd4')
    await page.assertTextContains('[data-roll-form] button', 'Roll d4')

    await page.goto(route('queue.show'))
    assert.equal((await page.locator('.qr-body > a').first().textContent())!.trim(), picked)
    const thread = await db.from('threads').where('title', picked).first()
    assert.equal(thread.issues_remaining, 4)
  })

  test('the rate page works with JavaScript disabled', async ({ browser, assert }) => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      baseURL: `http://${process.env.HOST}:${process.env.PORT}`,
    })
    const page = await context.newPage()
    await page.goto(route('registration.create'))
    await page.getByLabel('Email').fill(uniqueEmail())
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Create account' }).click()
    await addThreadsInBrowser(page, ['Saga'])
    await page.goto(route('roll.show'))
    await page.getByRole('button', { name: 'Roll d6' }).click()
    await page.getByRole('link', { name: 'Rate it' }).click()
    await page.locator('label.rating', { hasText: '2.0' }).click()
    await page.getByLabel('Issues read').fill('2')
    await page.getByRole('button', { name: 'Save and finish session' }).click()
    await page.waitForURL('**/')
    assert.include(
      await page.locator('.flash-success').textContent(),
      'Moved to the back · session finished: the next starts on the d6.'
    )
    const thread = await db.from('threads').where('title', 'Saga').first()
    assert.equal(thread.issues_remaining, 1)
    await context.close()
  })
})

test.group('Queue reordering in a browser', (group) => {
  group.each.setup(() => resetDatabase())

  test('drag and drop by the handle; a move to a position from the thread page', async ({
    visit,
    assert,
  }) => {
    const page = await visit(route('session.create'))
    await registerInBrowser(page)
    await addThreadsInBrowser(page, ['One', 'Two', 'Three', 'Four'])
    const titles = () => page.locator('.qr-body > a').allTextContents()
    const rowOf = (title: string) =>
      page.locator('li.qr', { has: page.getByRole('link', { name: title, exact: true }) })

    await page.setViewportSize({ width: 1000, height: 1600 })
    await page.locator('[data-queue]').scrollIntoViewIfNeeded()
    const from = (await rowOf('Four').locator('[data-drag-handle]').boundingBox())!
    const to = (await rowOf('One').boundingBox())!
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await page.mouse.down()
    await page.mouse.move(to.x + to.width / 2, to.y + 5, { steps: 12 })
    await page.mouse.up()
    await page
      .locator('[data-feedback]', { hasText: 'Moved Four to position 1.' })
      .waitFor({ timeout: 5000 })
    const stored = await db
      .from('threads')
      .where('status', 'active')
      .orderBy('sort_key')
      .select('title')
    assert.deepEqual(
      stored.map((row) => row.title),
      ['Four', 'One', 'Two', 'Three']
    )
    assert.deepEqual(await titles(), ['Four', 'One', 'Two', 'Three'])

    await rowOf('Two').locator('summary').click()
    await rowOf('Two').getByRole('link', { name: 'Move, edit, delete' }).click()
    await page.waitForURL('**/threads/*')
    await page.getByLabel('To position').fill('4')
    await page.getByRole('button', { name: 'Move there', exact: true }).click()
    await page.locator('[data-feedback]', { hasText: 'Moved Two to position 4.' }).waitFor()
    assert.deepEqual(await titles(), ['Four', 'One', 'Three', 'Two'])
  })
})

test.group('Undo and history in a browser', (group) => {
  group.each.setup(() => resetDatabase())

  test('rate, undo: the queue and the die are back; history tells the story', async ({
    visit,
    assert,
  }) => {
    const page = await visit(route('session.create'))
    await registerInBrowser(page)
    await addThreadsInBrowser(page, ['First', 'Second'])
    const picked = await rollAndRateInBrowser(page, '1.0')
    await page.assertTextContains('[data-roll-form] button', 'd8')

    await page.goto(route('history.index'))
    await page.assertTextContains('.story', picked)
    await page.assertTextContains('.story .ladder', 'd8')

    await page.goto(route('roll.show'))
    await page.getByRole('button', { name: /Undo Rating of/ }).click()
    await page.waitForURL('**/')
    await page.assertTextContains('.flash-success', 'Undone: Rating of')
    await page.assertTextContains('.pending-title', picked)
    await page.assertTextContains('#pool-heading', 'faces of the d6')
    const thread = await db.from('threads').where('title', picked).first()
    assert.equal(thread.issues_remaining, 3)
    await page.goto(route('queue.show'))
    assert.deepEqual(await page.locator('.qr-body > a').allTextContents(), ['First', 'Second'])
  })
})
