/// <reference lib="dom" />
import { test } from '@japa/runner'
import { resetDatabase } from '#tests/support/database'
import { PASSWORD, uniqueEmail, route } from '#tests/support/accounts'
import { registerInBrowser } from '#tests/support/browser_flows'
import { count } from '#tests/support/database'

test.group('Accounts in a browser', (group) => {
  group.each.setup(() => resetDatabase())

  test('register, land on the roll page, sign out, and sign in back to the page asked for', async ({
    visit,
    assert,
  }) => {
    const email = uniqueEmail()
    const page = await visit(route('registration.create'))
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL('**/')
    await page.assertTextContains('body', 'Welcome to Comic Pile')
    await page.assertExists('nav[aria-label="Main"] a[aria-current="page"]')

    await page.goto(route('account.show'))
    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await page.waitForURL('**/login')
    await page.goto(route('account.show'))
    await page.waitForURL('**/login?next=%2Faccount')

    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL('**/account')
    assert.include((await page.textContent('h2#you')) ?? '', email)
  })

  test('a file over 5 MB is refused on the account page with a sentence, with and without JavaScript', async ({
    browser,
    assert,
  }) => {
    // Given a CSV of about 6.5 MB
    const big = Buffer.from('title,format,issues_remaining\n' + 'Saga,Trade,1\n'.repeat(500_000))
    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.newContext({
        javaScriptEnabled,
        baseURL: `http://${process.env.HOST}:${process.env.PORT}`,
      })
      const page = await context.newPage()
      await registerInBrowser(page)
      await page.goto(route('account.show'))

      // When the reader uploads it as a threads CSV
      await page.getByLabel('Threads CSV').setInputFiles({
        name: 'pile.csv',
        mimeType: 'text/csv',
        buffer: big,
      })
      await page
        .locator(`form[action="${route('account.import', { kind: 'threads' })}"]`)
        .getByRole('button', { name: 'Import' })
        .click()

      // Then the account page answers at once saying why, its forms there to try again,
      // and nothing was imported
      await page.getByText('The file is larger than 5 MB.').waitFor()
      assert.isTrue(await page.getByLabel('Threads CSV').isVisible())
      assert.equal(await count('threads'), 0)
      await context.close()
    }
  }).timeout(60000)
})
