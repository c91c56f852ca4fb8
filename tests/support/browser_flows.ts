import type { Browser, BrowserContextOptions, Page } from 'playwright'
import db from '@adonisjs/lucid/services/db'
import { GAP } from '#domain/queue'
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

/** A thread to give a reader: its title, and any other column of its row. */
type ThreadRow = string | ({ title: string } & Record<string, unknown>)

/**
 * Registers a reader in the page and gives them these threads, in this queue order (4
 * issues left each, unless a row says otherwise); the reader and the threads' ids.
 */
export async function readerWithThreads(page: Page, threads: ThreadRow[]) {
  const email = await registerInBrowser(page)
  const user = (await db.from('users').where('email', email).firstOrFail()) as { id: number }
  const rows = await db
    .table('threads')
    .multiInsert(
      threads.map((thread, i) => ({
        user_id: user.id,
        format: 'Trade',
        issues_remaining: 4,
        sort_key: (i + 1) * GAP,
        ...(typeof thread === 'string' ? { title: thread } : thread),
      }))
    )
    .returning('id')
  return { email, user, ids: rows.map((row: { id: number }) => row.id) }
}

/** Titles "Thread 1" … "Thread n". */
export const numberedTitles = (n: number) => Array.from({ length: n }, (_, i) => `Thread ${i + 1}`)

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
