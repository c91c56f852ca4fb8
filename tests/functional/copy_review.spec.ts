import { test } from '@japa/runner'
import { resetDatabase } from '#tests/support/database'
import { apiReader, route, signedInPages } from '#tests/support/accounts'
import type { PageClient } from '#tests/support/browserless_client'
import { wordsOf } from '#tests/support/words'

/**
 * Every sentence a page can show, read as a reader reads it: with counts 0, 1 and 2 (and
 * a long title), the pages and their refused forms must never say "1 issues", "2 mores",
 * "undefined" or "the the". The words are checked as text, with what screen readers say
 * (aria-label, alt, title) beside it.
 */

const NOUNS =
  'issue|thread|session|event|rating|day|week|hour|minute|snooze|device|title|row|match|mark|time|completion|roll'

/** The broken sentences a count or a missing value makes, each with what it looks like. */
const BROKEN: Array<[string, RegExp]> = [
  [
    'a singular count with a plural noun',
    new RegExp(`(?<![\\d.,#])1 (?:${NOUNS}|more)(?:s|es)\\b`, 'i'),
  ],
  [
    'a plural count with a singular noun',
    new RegExp(`(?<![\\d.,#/d×-])(?:0|[2-9]|[1-9]\\d+) (?:${NOUNS})\\b(?![-’'])`, 'i'),
  ],
  ['"mores"', /\bmores\b/i],
  ['a value that was never filled in', /\b(?:undefined|NaN|null|Invalid Date)\b|\[object \w+\]/],
  // Pago Pago is a time zone's place name
  ['a word said twice', /\b(?!\d|Pago\b)(\w{2,}) \1\b/i],
  ['a space before a comma or full stop', /\w \s*[,.](?:\s|$)/],
]

function problemsOf(where: string, html: string) {
  const words = wordsOf(html)
  return BROKEN.flatMap(([what, pattern]) => {
    const found = words.match(pattern)
    if (!found) return []
    const at = found.index ?? 0
    return [`${where}: ${what}: “…${words.slice(Math.max(0, at - 40), at + 50).trim()}…”`]
  })
}

const LONG_TITLE =
  'The Extraordinarily Long and Winding Chronicle of the Amazing Spider-Man and His Friends, Volume Two'

/**
 * A reader with `n` of everything: threads in the queue (n issues left each, one listing
 * n issues), completed threads, rated reads, signed-in devices; then a roll, so the rate
 * page has something to rate.
 */
async function readerWith(client: Parameters<typeof apiReader>[0], n: number) {
  const r = await apiReader(client)
  const titles = Array.from({ length: n }, (_, i) => (i === 0 ? LONG_TITLE : `Saga ${i + 1}`))
  for (const title of titles) {
    await r.call('post', route('api.threads.store'), {
      title,
      format: 'Trade',
      issues_remaining: Math.max(n, 1) + 2,
      at: 'bottom',
    })
  }
  const threads = (await r.call('get', route('api.threads.index'))).body().data as Array<{
    id: number
  }>
  if (n > 0 && threads[0]) {
    await r.call('post', route('api.threads.issues.store', { id: threads[0].id }), {
      numbers: `1-${n + 2}`,
    })
  }
  for (let i = 0; i < n; i++) {
    const done = await r.call('post', route('api.threads.store'), {
      title: `Finished ${String.fromCharCode(65 + i)}`,
      format: 'Issue',
      issues_remaining: 1,
    })
    await r.call('patch', route('api.threads.update', { id: done.body().id }), {
      issues_remaining: 0,
    })
  }
  for (let i = 0; i < n; i++) {
    await r.call('post', route('api.roll.store'))
    await r.call('post', route('api.rate.store'), { rating: 4.5, issues_read: 1 })
  }
  if (n > 0) await r.call('post', route('api.roll.store')).then((res) => res.assertStatus(200))
  for (let i = 1; i < n; i++) await signedInPages(r.email)
  const pages = await signedInPages(r.email)
  return { r, pages, threads }
}

async function pagesOf(pages: PageClient, threads: Array<{ id: number }>) {
  const seen: Array<[string, string]> = []
  const visit = async (where: string, path: string) => {
    const page = await pages.get(path)
    if (page.status !== 200) throw new Error(`${where}: ${page.status}`)
    seen.push([where, page.html])
    return page.html
  }
  await visit('roll page', route('roll.show'))
  await visit('roll page, Pick another', route('roll.show', {}, { pick: 'saga' }))
  await visit('queue page', route('queue.show'))
  await visit('queue page, a search', route('queue.show', {}, { q: 'saga' }))
  await visit('history page', route('history.index'))
  await visit('analytics page', route('analytics.show'))
  await visit('account page', route('account.show'))
  await visit('help page', route('help.show'))
  for (const thread of threads) {
    await visit(`thread ${thread.id}`, route('threads.show', { id: thread.id }))
    await visit(`thread ${thread.id}, edit`, route('threads.edit', { id: thread.id }))
  }
  const history = await pages.get(route('history.index'))
  for (const [, id] of history.html.matchAll(/href="\/history\/(\d+)"/g)) {
    await visit(`session ${id}`, route('history.show', { id }))
  }
  const rate = await pages.get(route('rate.show'))
  if (rate.status === 200) seen.push(['rate page', rate.html])
  return seen
}

test.group('Copy review', (group) => {
  group.each.setup(() => resetDatabase())

  test('the words of the pages check themselves', ({ assert }) => {
    // The checks find what they are for, and pass what is right
    const broken = [
      '<p>1 issues left</p>',
      '<p>2 mores to go</p>',
      '<p>Read <b>3</b> issue</p>',
      '<p>Last read undefined</p>',
      '<p>Add the the thread</p>',
      '<p aria-label="2 thread">x</p>',
      '<p>Saga , and more</p>',
    ]
    for (const html of broken) assert.isNotEmpty(problemsOf('sample', html), html)
    const right = [
      '<p>1 issue left · 2 issues read · 0 threads</p>',
      '<p>Rated 4.5 · d20 · 12 of 40 read · #2 issue · 1 more · 2 more to go</p>',
      '<p>Saga #1, #2 &ndash; Spider-Man 2099 · a 2-issue arc · Sun 6 Dec 2026, 19:05</p>',
    ]
    for (const html of right) assert.isEmpty(problemsOf('sample', html), html)
  })

  for (const n of [0, 1, 2]) {
    test(`every page reads right with ${n} of everything`, async ({ client, assert }) => {
      // Given a reader with n threads, issues, completions, reads and devices
      const { pages, threads } = await readerWith(client, n)

      // When every page they can reach is read
      const seen = await pagesOf(pages, threads)

      // Then no sentence is broken
      assert.isAbove(seen.length, 7)
      assert.deepEqual(
        seen.flatMap(([where, html]) => problemsOf(where, html)),
        []
      )
    })
  }

  test('refused forms read right with one and two things to fix', async ({ client, assert }) => {
    // Given a reader with Saga and Sandman, mid-read
    const { r, pages } = await readerWith(client, 0)
    for (const title of ['Saga', 'Sandman']) {
      await r.call('post', route('api.threads.store'), {
        title,
        format: 'Trade',
        issues_remaining: 3,
      })
    }
    await pages.get(route('queue.show'))
    const list = (titles: string) => ({ titles, format: 'Trade', issues_remaining: '2' })

    // When lists with one and with two titles already in the pile are pasted, a rating is
    // out of range, a thread is added without a title and a position is not a number
    const answers: Array<[string, { status: number; html: string }]> = []
    const refused = async (where: string, page: string, form: string, body: object) => {
      await pages.get(page)
      answers.push([where, await pages.post(form, body as Record<string, string>)])
    }
    const queue = route('queue.show')
    await refused('one duplicate', queue, route('threads.store_list'), list('saga\nNew'))
    await refused('two duplicates', queue, route('threads.store_list'), list('saga\nSANDMAN'))
    await refused('a thread without a title', queue, route('threads.store'), {
      title: '',
      format: 'Trade',
      issues_remaining: '-1',
    })
    await r.call('post', route('api.roll.store'))
    await refused('a rating out of range', route('rate.show'), route('rate.store'), {
      rating: '7',
      issues_read: '0',
    })

    // Then each says what to fix, in sentences that read right
    for (const [where, answer] of answers) {
      assert.oneOf(answer.status, [409, 422], where)
      assert.deepEqual(problemsOf(where, answer.html), [])
    }
    assert.include(wordsOf(answers[0][1].html), 'Your pile already has Saga.')
    assert.include(wordsOf(answers[1][1].html), 'Your pile already has 2 of these titles')
  })
})
