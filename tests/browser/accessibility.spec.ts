import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { seriousViolations } from '#tests/support/accessibility'
import {
  addThreadsInBrowser,
  registerInBrowser,
  rollAndRateInBrowser,
} from '#tests/support/browser_flows'
import { route } from '#tests/support/accounts'

test.group('Accessibility (axe-core)', (group) => {
  group.each.setup(() => resetDatabase())

  test('every page, in the light and the dark theme, has no serious violation', async ({
    visit,
    assert,
  }) => {
    const page = await visit(route('session.create'))
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      for (const path of [route('session.create'), route('registration.create')]) {
        await page.goto(path)
        assert.deepEqual(await seriousViolations(page), [], `${path}, ${colorScheme}`)
      }
    }
    await registerInBrowser(page)
    await page.emulateMedia({ colorScheme: 'light' })
    assert.deepEqual(await seriousViolations(page), [], 'empty roll page')
    await page.goto(route('queue.show'))
    assert.deepEqual(await seriousViolations(page), [], 'empty queue')

    await addThreadsInBrowser(page, ['Saga', 'Bone', 'Hellboy', 'Paper Girls'], 4)
    assert.deepEqual(await seriousViolations(page), [], 'queue after an add')
    await rollAndRateInBrowser(page, '4.0')
    await page.getByRole('button', { name: /^Roll d\d+/ }).click()
    await page.locator('.pending-title').waitFor()
    const thread = await db.from('threads').where('title', 'Saga').first()
    const session = await db.from('reading_sessions').first()
    // Saga lists its issues, one of them read: its page shows the list and its states.
    await page.goto(route('threads.show', { id: thread.id }))
    await page.getByLabel('Add its issues').fill('1-3, Annual 1')
    await page.getByRole('button', { name: 'Add issues' }).click()
    await page.getByRole('button', { name: 'Mark #1 read' }).click()
    await page.getByText('#1 read. Next: #2.').waitFor()
    assert.deepEqual(await seriousViolations(page), [], 'thread page after marking an issue')

    // A reading order made from pasted lines: the empty list, the preview, the order
    await page.goto(route('orders.index'))
    assert.deepEqual(await seriousViolations(page), [], 'empty orders page')
    await page.getByLabel('Or paste its entries').fill('Saga #1\nBone #1\nSaga #2\n#4')
    await page.getByLabel('Name', { exact: true }).fill('Mixed')
    await page.getByRole('button', { name: 'Preview the order' }).click()
    await page.getByRole('heading', { name: 'Preview: Mixed' }).waitFor()
    assert.deepEqual(await seriousViolations(page), [], 'order preview')
    await page.getByRole('button', { name: 'Make the order' }).click()
    await page.getByText('Made Mixed').waitFor()
    const order = await db.from('reading_orders').first()
    // A link to the queue, just made: shown once, with its copy button
    await page.goto(route('queue.share'))
    await page.getByRole('button', { name: 'Make a link' }).click()
    await page.locator('#share-url').waitFor()
    assert.deepEqual(await seriousViolations(page), [], 'share page with a new link')
    const sharedUrl = new URL((await page.locator('#share-url').textContent())!.trim()).pathname
    await page.getByRole('link', { name: /^Revoke the link ending in/ }).click()
    await page.locator('dialog[open]').waitFor()
    assert.deepEqual(await seriousViolations(page), [], 'revoking a link, asked in a dialog')
    const share = await db.from('shares').first()
    // Saga carries tags, and the reader has a goal: the rows, the thread page and the
    // analytics page show them
    await db
      .from('threads')
      .where('id', thread.id)
      .update({ tags: ['horror', 'Dark Horse'], tag_keys: ['horror', 'dark horse'] })
    await db
      .from('users')
      .where('id', thread.user_id)
      .update({ goal_unit: 'issues', goal_per: 'week', goal_target: 5 })
    // Tonight's filter holds: the roll page shows it, its page has chips checked on both sides
    await db
      .from('reading_sessions')
      .where('id', session.id)
      .update({
        filter_include: ['horror'],
        filter_exclude: ['capes'],
        filter_include_keys: ['horror'],
        filter_exclude_keys: ['capes'],
        last_activity_at: new Date(),
      })

    const pages = [
      route('roll.show'),
      route('roll.filter.show'),
      route('rate.show'),
      route('queue.show'),
      route('queue.show', {}, { q: 'sag' }),
      route('queue.show', {}, { tag: 'horror' }),
      route('threads.show', { id: thread.id }),
      route('threads.edit', { id: thread.id }),
      route('threads.confirm_destroy', { id: thread.id }),
      route('history.index'),
      route('history.show', { id: session.id }),
      route('analytics.show'),
      route('review.show', { year: new Date().getFullYear() }),
      route('orders.index'),
      route('orders.show', { id: order.id }),
      route('orders.confirm_destroy', { id: order.id }),
      route('queue.share'),
      route('orders.share', { id: order.id }),
      route('shares.confirm_destroy', { id: share.id }),
      sharedUrl,
      route('shared.show', { token: 'x'.repeat(43) }),
      route('account.show'),
      route('account.tokens.confirm_destroy_all'),
      route('account.delete'),
      route('password_reset.create'),
      route('password_reset.edit', { token: 'some-token-from-a-mail' }),
      route('email_change.show', { token: 'some-token-from-a-mail' }),
      route('email_revert.show', { token: 'some-token-from-a-mail' }),
      route('offline'),
      route('threads.show', { id: 999999 }),
    ]
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      for (const path of pages) {
        await page.goto(path)
        assert.deepEqual(await seriousViolations(page), [], `${path}, ${colorScheme}`)
      }
    }
  })
})

test.group('Analytics in a browser', (group) => {
  group.each.setup(() => resetDatabase())

  test('renders its charts without serious accessibility violations', async ({ visit, assert }) => {
    const page = await visit(route('session.create'))
    await registerInBrowser(page)
    await addThreadsInBrowser(page, ['Saga', 'Bone', 'Hellboy'], 4)
    for (const rating of ['4.0', '2.0', '4.0']) await rollAndRateInBrowser(page, rating)
    await page.goto(route('analytics.show'))
    assert.isAtLeast(await page.locator('figure.chart svg.chart-svg').count(), 3)
    assert.isNotNull(await page.locator('#weekly-title').boundingBox())
    assert.deepEqual(await seriousViolations(page), [])
    // On a phone the charts' text is drawn at least 12 px high.
    await page.setViewportSize({ width: 390, height: 844 })
    const tickHeight = await page
      .locator('#ratings-title')
      .locator('xpath=ancestor::figure')
      .locator('text.tick')
      .first()
      .evaluate((tick) => tick.getBoundingClientRect().height)
    assert.isAtLeast(tickHeight, 12)
    await page.goto(route('history.index'))
    assert.deepEqual(await seriousViolations(page), [])
  })
})
