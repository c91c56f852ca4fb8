import { test } from '@japa/runner'
import { resetDatabase } from '#tests/support/database'
import { PASSWORD, uniqueEmail } from '#tests/support/accounts'
import { seriousViolations } from '#tests/support/accessibility'
import {
  addThreadsInBrowser,
  registerInBrowser,
  rollAndRateInBrowser,
} from '#tests/support/browser_flows'

test.group('Accessibility (axe-core)', (group) => {
  group.each.setup(() => resetDatabase())

  test('sign-in, registration and every ritual page have no serious violations', async ({
    visit,
    assert,
  }) => {
    const page = await visit('/login')
    assert.deepEqual(await seriousViolations(page), [])
    await page.goto('/register')
    assert.deepEqual(await seriousViolations(page), [])
    await page.getByLabel('Email').fill(uniqueEmail())
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL('**/')
    assert.deepEqual(await seriousViolations(page), [], 'empty roll page')

    await page.goto('/queue')
    await page.getByLabel('Title').fill('Saga')
    await page.getByLabel('Format').fill('Trade')
    await page.getByLabel('Issues left').fill('4')
    await page.getByRole('button', { name: 'Add thread' }).click()
    await page.waitForURL('**/queue#thread-*')
    assert.deepEqual(await seriousViolations(page), [], 'queue')
    await page.goto('/')
    assert.deepEqual(await seriousViolations(page), [], 'roll page')
    await page.getByRole('button', { name: 'Roll d6' }).click()
    await page.waitForURL('**/')
    assert.deepEqual(await seriousViolations(page), [], 'pending read')
    await page.goto('/rate')
    assert.deepEqual(await seriousViolations(page), [], 'rate page')
    await page.goto('/account')
    assert.deepEqual(await seriousViolations(page), [], 'account page')
    await page.goto('/threads/1/edit')
    assert.deepEqual(await seriousViolations(page), [], 'edit page')

    await page.emulateMedia({ colorScheme: 'dark' })
    for (const path of ['/', '/queue', '/rate', '/account']) {
      await page.goto(path)
      assert.deepEqual(await seriousViolations(page), [], `${path} in the dark theme`)
    }
  })
})

test.group('Analytics in a browser', (group) => {
  group.each.setup(() => resetDatabase())

  test('renders its charts without serious accessibility violations', async ({ visit, assert }) => {
    const page = await visit('/login')
    await registerInBrowser(page)
    await addThreadsInBrowser(page, ['Saga'], 4)
    await rollAndRateInBrowser(page, '4.0')
    await page.goto('/analytics')
    assert.isAtLeast(await page.locator('figure.chart svg').count(), 4)
    assert.isNotNull(await page.locator('#weekly-title').boundingBox())
    assert.deepEqual(await seriousViolations(page), [])
    await page.goto('/history')
    assert.deepEqual(await seriousViolations(page), [])
  })
})
