/// <reference lib="dom" />
import { test } from '@japa/runner'

test.group('Sign-in page in a browser', () => {
  test('renders with the app styles and no console errors', async ({ visit, assert }) => {
    const errors: string[] = []
    const page = await visit('/login')
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    await page.assertTitle('Sign in · Comic Pile')
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    assert.notEqual(background, 'rgba(0, 0, 0, 0)')
    assert.deepEqual(errors, [])
  })
})
