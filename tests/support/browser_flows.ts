import type { Browser, BrowserContextOptions, Page } from 'playwright'
import { PASSWORD, uniqueEmail, route } from '#tests/support/accounts'
import { BASE_URL } from '#tests/bootstrap'

export const PHONE = { width: 390, height: 844 }

/** A page in a new phone-sized context of its own (close it with `page.context().close()`). */
export async function phonePage(
  browser: Browser,
  options: { javaScriptEnabled?: boolean } & BrowserContextOptions = {}
) {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: PHONE, ...options })
  return context.newPage()
}

/** Registers a new reader through the form and waits for the roll page. */
export async function registerInBrowser(page: Page, email = uniqueEmail()) {
  await page.goto(route('registration.create'))
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL('**/')
  return email
}

/** Adds threads through the queue page form, at the back, in order. */
export async function addThreadsInBrowser(page: Page, titles: string[], issues = 3) {
  await page.goto(route('queue.show'))
  for (const title of titles) {
    // The add form is folded once the queue has threads.
    const form = page.locator('form.add-form')
    if (!(await form.isVisible())) await page.getByText('Add threads').click()
    await form.getByLabel('Title').fill(title)
    await form.getByLabel('Format').fill('Trade')
    await form.getByLabel('Issues left').fill(String(issues))
    await form.getByLabel('Back').check()
    await form.getByRole('button', { name: 'Add thread' }).click()
    // The answer is the queue page with the confirmation by the add form.
    await page.getByText(new RegExp(`^Added ${title} at position \\d+\\.$`)).waitFor()
  }
}

/** Rolls from the roll page, rates the pending read and waits for the roll page again. */
export async function rollAndRateInBrowser(page: Page, rating: string) {
  await page.goto(route('roll.show'))
  await page.getByRole('button', { name: /^Roll d\d+/ }).click()
  await page.waitForURL('**/')
  const picked = (await page.locator('.pending-title').textContent())!.trim()
  await page.getByRole('link', { name: 'Rate it' }).click()
  await page.waitForURL('**/rate')
  await page.locator('label.rating', { hasText: rating }).click()
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await page.waitForURL('**/')
  return picked
}
