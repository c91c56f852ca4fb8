/// <reference lib="dom" />
import { test } from '@japa/runner'
import { resetDatabase } from '#tests/support/database'
import { PASSWORD, uniqueEmail } from '#tests/support/accounts'

test.group('Accounts in a browser', (group) => {
  group.each.setup(() => resetDatabase())

  test('register, land on the roll page, sign out, and sign in back to the page asked for', async ({
    visit,
    assert,
  }) => {
    const email = uniqueEmail()
    const page = await visit('/register')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL('**/')
    await page.assertTextContains('body', 'Welcome to Comic Pile')
    await page.assertExists('nav[aria-label="Main"] a[aria-current="page"]')

    await page.goto('/account')
    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await page.waitForURL('**/login')
    await page.goto('/account')
    await page.waitForURL('**/login?next=%2Faccount')

    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL('**/account')
    assert.include((await page.textContent('h2#you')) ?? '', email)
  })
})
