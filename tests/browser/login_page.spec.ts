/// <reference lib="dom" />
import { test } from '@japa/runner'
import { route } from '#tests/support/accounts'

test.group('Sign-in page in a browser', () => {
  test('renders with the app styles and no console or page errors', async ({ browser, assert }) => {
    // Listening before the page loads: an error while its script starts is caught too
    const context = await browser.newContext({
      baseURL: `http://${process.env.HOST}:${process.env.PORT}`,
    })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('requestfailed', (request) => errors.push(`failed: ${request.url()}`))
    await page.goto(route('session.create'), { waitUntil: 'load' })
    assert.equal(await page.title(), 'Sign in · Comic Pile')
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    assert.notEqual(background, 'rgba(0, 0, 0, 0)')
    assert.deepEqual(errors, [])
    await context.close()
  })
})
