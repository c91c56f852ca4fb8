import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { apiReader, route, signedInPages } from '#tests/support/accounts'

type Reader = Awaited<ReturnType<typeof apiReader>>

/** A reader whose pile holds "Saga" (in the queue) and "Sandman" (completed). */
async function readerWithPile(client: ApiClient) {
  const r = await apiReader(client)
  const add = (title: string, issues: number) =>
    r.call('post', route('api.threads.store'), {
      title,
      format: 'Trade',
      issues_remaining: issues,
    })
  const saga = (await add('Saga', 5)).body()
  const sandman = (await add('Sandman', 0)).body()
  return { r, saga, sandman }
}

/** The reader's threads as they stand (title, key, issues): compared before and after a refusal. */
const pileOf = (r: Reader) =>
  db
    .from('threads')
    .where('user_id', r.user.id)
    .orderBy('id')
    .select('id', 'title', 'sort_key', 'issues_remaining')

const csv = (...titles: string[]) =>
  ['title,format,issues_remaining', ...titles.map((t) => `${t},Single,3`)].join('\n')

test.group('Duplicates are asked, not reported (API)', (group) => {
  group.each.setup(() => resetDatabase())

  test('on_duplicate ask: a title the pile holds (case and accents aside) is a 409 that changes nothing', async ({
    client,
    assert,
  }) => {
    const { r, saga } = await readerWithPile(client)
    const before = await pileOf(r)

    const asked = await r.call('post', route('api.threads.store'), {
      title: '  SÁGA ',
      format: 'Trade',
      issues_remaining: 2,
      on_duplicate: 'ask',
    })

    asked.assertStatus(409)
    assert.equal(asked.body().errors[0].rule, 'duplicate')
    assert.match(asked.body().errors[0].message, /already has Saga/)
    assert.deepEqual(asked.body().duplicates, [{ index: 0, title: 'Saga', thread_id: saga.id }])
    assert.deepEqual(await pileOf(r), before)
    const events = await db.from('events').where('user_id', r.user.id).count('* as n')
    assert.equal(Number(events[0].n), 0)
  })

  test('on_duplicate skip answers the thread the pile holds; add (the default) adds a second one', async ({
    client,
    assert,
  }) => {
    const { r, sandman } = await readerWithPile(client)
    const before = await pileOf(r)

    const skipped = await r.call('post', route('api.threads.store'), {
      title: 'sandman',
      format: 'Trade',
      issues_remaining: 2,
      on_duplicate: 'skip',
    })
    skipped.assertStatus(200)
    assert.equal(skipped.body().id, sandman.id)
    assert.equal(skipped.body().status, 'completed')
    assert.deepEqual(await pileOf(r), before)

    const added = await r.call('post', route('api.threads.store'), {
      title: 'sandman',
      format: 'Trade',
      issues_remaining: 2,
    })
    added.assertStatus(201)
    assert.lengthOf(await pileOf(r), before.length + 1)
  })

  test('on_duplicate takes add, skip or ask only', async ({ client, assert }) => {
    const { r } = await readerWithPile(client)
    const before = await pileOf(r)
    const refused = await r.call('post', route('api.threads.store'), {
      title: 'New',
      format: 'Trade',
      issues_remaining: 2,
      on_duplicate: 'merge',
    })
    refused.assertStatus(422)
    assert.equal(refused.body().errors[0].field, 'on_duplicate')
    assert.deepEqual(await pileOf(r), before)
    const upload = await r.upload(
      route('api.import.threads', {}, { on_duplicate: 'merge' }),
      csv('New')
    )
    assert.equal(upload.status, 422)
    assert.deepEqual(await pileOf(r), before)
  })

  test('a CSV import asks for every title the pile holds, by its index, or skips them', async ({
    client,
    assert,
  }) => {
    const { r, saga, sandman } = await readerWithPile(client)
    const before = await pileOf(r)
    const file = csv('Monstress', 'saga', 'Paper Girls', 'SANDMAN')

    const asked = await r.upload(route('api.import.threads', {}, { on_duplicate: 'ask' }), file)
    assert.equal(asked.status, 409)
    const body = await asked.json()
    assert.deepEqual(body.duplicates, [
      { index: 1, title: 'Saga', thread_id: saga.id },
      { index: 3, title: 'Sandman', thread_id: sandman.id },
    ])
    assert.equal(body.errors[0].rule, 'duplicate')
    assert.deepEqual(await pileOf(r), before)

    const skipped = await r.upload(route('api.import.threads', {}, { on_duplicate: 'skip' }), file)
    assert.equal(skipped.status, 200)
    const answer = await skipped.json()
    assert.equal(answer.imported, 2)
    assert.deepEqual(
      answer.skipped.map((d: { index: number }) => d.index),
      [1, 3]
    )
    const titles = (await pileOf(r)).map((t) => t.title)
    assert.deepEqual(titles, ['Saga', 'Sandman', 'Monstress', 'Paper Girls'])

    // Without on_duplicate, as in v1: added alongside
    const added = await r.upload(route('api.import.threads'), csv('Saga'))
    assert.equal((await added.json()).imported, 1)
    assert.lengthOf(await pileOf(r), 5)
  })

  test("a JSON import alongside skips the file's copies of the reader's threads and points their history at them", async ({
    client,
    assert,
  }) => {
    // Given a reader A with a read of Saga, exported
    const a = await apiReader(client)
    const saga = (
      await a.call('post', route('api.threads.store'), {
        title: 'Saga',
        format: 'Trade',
        issues_remaining: 5,
      })
    ).body()
    await a.call('post', route('api.threads.store'), {
      title: 'Fables',
      format: 'Trade',
      issues_remaining: 5,
    })
    ;(await a.call('post', route('api.roll.override'), { thread_id: saga.id })).assertStatus(200)
    ;(await a.call('post', route('api.rate.store'), { rating: 4.5 })).assertStatus(200)
    const file = JSON.stringify((await a.call('get', route('api.export.json'))).body())
    const eventsInFile = JSON.parse(file).events.length

    // When A imports it alongside, asking first
    const before = await pileOf(a)
    const asked = await a.upload(
      route('api.import.json', {}, { mode: 'add', on_duplicate: 'ask' }),
      file,
      'application/json'
    )
    assert.equal(asked.status, 409)
    assert.lengthOf((await asked.json()).duplicates, 2)
    assert.deepEqual(await pileOf(a), before)

    // Then skipping adds no thread, and the file's events land on A's own threads
    const skipped = await a.upload(
      route('api.import.json', {}, { mode: 'add', on_duplicate: 'skip' }),
      file,
      'application/json'
    )
    assert.equal(skipped.status, 200)
    const answer = await skipped.json()
    assert.deepEqual(answer.imported, { threads: 0, sessions: 1, events: eventsInFile })
    assert.lengthOf(answer.skipped, 2)
    assert.deepEqual(await pileOf(a), before)
    const rates = await db.from('events').where({ user_id: a.user.id, type: 'rate' })
    assert.lengthOf(rates, 2)
    assert.deepEqual(
      rates.map((e) => e.thread_id),
      [saga.id, saga.id]
    )

    // And its undo takes the events back, the threads untouched
    ;(await a.call('post', route('api.undo.store'))).assertStatus(200)
    assert.lengthOf(await db.from('events').where({ user_id: a.user.id, type: 'rate' }), 1)
    assert.deepEqual(await pileOf(a), before)
  })
})

test.group('Duplicates are asked, not reported (pages)', (group) => {
  group.each.setup(() => resetDatabase())

  test('a pasted list asks once, a choice per title, keeps the list as typed, and adds as answered', async ({
    client,
    assert,
  }) => {
    const { r } = await readerWithPile(client)
    const pages = await signedInPages(r.email)
    await pages.get(route('queue.show'))
    const before = await pileOf(r)
    const list = {
      titles: 'Monstress\nsaga\nSandman\nPaper Girls',
      format: 'Single',
      issues_remaining: 4,
    }

    // When a list with two titles already in the pile is pasted
    const asked = await pages.post(route('threads.store_list'), list)

    // Then nothing is added; the page asks about each, the list re-sent as typed
    assert.equal(asked.status, 409)
    assert.deepEqual(await pileOf(r), before)
    assert.include(asked.html, 'Your pile already has 2 of these titles: Saga and Sandman.')
    assert.match(asked.html, /name="answer_1" value="skip" checked/)
    assert.match(asked.html, /name="answer_2" value="add" >/)
    assert.include(asked.html, 'name="titles" value="Monstress\nsaga\nSandman\nPaper Girls"')
    assert.notInclude(pages.cookies.get('adonis-session') ?? '', 'Monstress')

    // When Saga is skipped and Sandman added anyway
    const answered = await pages.post(route('threads.store_list'), {
      ...list,
      answer_1: 'skip',
      answer_2: 'add',
    })
    assert.equal(answered.status, 302)
    const titles = (await pileOf(r)).map((t) => t.title)
    assert.deepEqual(titles, ['Saga', 'Sandman', 'Monstress', 'Sandman', 'Paper Girls'])
    const queue = await pages.follow(answered)
    assert.include(
      queue.html,
      'Added 3 threads, the first at position 1. Skipped, as already in your pile: Saga.'
    )
  })

  test('one title already there: "Skip it" adds nothing and says so; an answer left out is asked again', async ({
    client,
    assert,
  }) => {
    const { r } = await readerWithPile(client)
    const pages = await signedInPages(r.email)
    await pages.get(route('queue.show'))
    const before = await pileOf(r)
    const thread = { title: 'Saga', format: 'Trade', issues_remaining: 3, at: 'top' }

    const asked = await pages.post(route('threads.store'), thread)
    assert.equal(asked.status, 409)
    assert.include(asked.html, 'Your pile already has Saga. Add it anyway or skip it?')

    const unanswered = await pages.post(route('threads.store'), { ...thread, answer_0: 'maybe' })
    assert.equal(unanswered.status, 409)
    assert.deepEqual(await pileOf(r), before)

    const skipped = await pages.post(route('threads.store'), { ...thread, answer_0: 'skip' })
    assert.equal(skipped.status, 302)
    assert.deepEqual(await pileOf(r), before)
    assert.include(
      (await pages.follow(skipped)).html,
      'Nothing added: Saga is already in your pile.'
    )
  })
})

/** The kept file's id the page carries for the answer. */
const heldId = (html: string) => /name="held" value="([0-9a-f-]{36})"/.exec(html)?.[1]

/** Posts an import form's answer as a browser does: multipart, with no file chosen. */
function answerImport(
  pages: Awaited<ReturnType<typeof signedInPages>>,
  kind: string,
  fields: Record<string, string>
) {
  const body = new FormData()
  for (const [key, value] of Object.entries({ ...fields, _csrf: pages.csrfToken() })) {
    body.set(key, value)
  }
  body.set('file', new Blob([]), '')
  return pages.request('POST', route('account.import', { kind }), body)
}

test.group('Duplicates are asked, not reported (account page imports)', (group) => {
  group.each.setup(() => resetDatabase())

  test('a CSV with titles already in the pile is kept while the page asks, then imported as answered', async ({
    client,
    assert,
  }) => {
    const { r } = await readerWithPile(client)
    const pages = await signedInPages(r.email)
    await pages.get(route('account.show'))
    const before = await pileOf(r)

    // When a CSV with Saga among its rows is imported
    const asked = await pages.postFile(route('account.import', { kind: 'threads' }), {
      name: 'mine.csv',
      text: csv('Monstress', 'Saga'),
    })

    // Then nothing is imported; the page asks about Saga and keeps the file for the answer
    assert.equal(asked.status, 409)
    assert.deepEqual(await pileOf(r), before)
    assert.include(asked.html, 'Kept: <strong>mine.csv</strong>, nothing imported yet.')
    assert.match(asked.html, /name="answer_1" value="skip" checked/)
    const held = heldId(asked.html)!
    assert.exists(held)
    assert.lengthOf(await db.from('held_uploads').where('user_id', r.user.id), 1)

    // And another reader cannot use the kept file
    const other = await apiReader(client)
    const otherPages = await signedInPages(other.email)
    await otherPages.get(route('account.show'))
    const stolen = await answerImport(otherPages, 'threads', { held, answer_1: 'add' })
    assert.equal(stolen.status, 422)
    assert.include(stolen.html, 'The file you chose is no longer kept')
    assert.lengthOf(await db.from('threads').where('user_id', other.user.id), 0)

    // When the reader answers "skip" without choosing the file again
    const answered = await answerImport(pages, 'threads', { held, answer_1: 'skip' })
    assert.equal(answered.status, 302)
    const titles = (await pileOf(r)).map((t) => t.title)
    assert.deepEqual(titles, ['Saga', 'Sandman', 'Monstress'])
    assert.include(
      (await pages.follow(answered)).html,
      'Imported 1 thread. Skipped 1 thread already in your pile: Saga.'
    )
    assert.lengthOf(await db.from('held_uploads').where('user_id', r.user.id), 0)
  })

  test('a JSON import asks add or replace up front, keeps the file on a refusal, then asks about duplicates', async ({
    client,
    assert,
  }) => {
    const { r } = await readerWithPile(client)
    const file = JSON.stringify((await r.call('get', route('api.export.json'))).body())
    await db.from('threads').where({ user_id: r.user.id, title: 'Sandman' }).delete()
    const pages = await signedInPages(r.email)
    const page = await pages.get(route('account.show'))
    const before = await pileOf(r)
    assert.include(page.html, 'You have 1 thread, 0 sessions and 0 events. The file’s should')

    // Sent without a choice: refused next to the choice, the file kept
    const noMode = await pages.postFile(route('account.import', { kind: 'json' }), {
      name: 'export.json',
      text: file,
      type: 'application/json',
    })
    assert.equal(noMode.status, 409)
    assert.include(noMode.html, 'Choose whether the file’s threads, sessions and events go')
    assert.notInclude(noMode.html, 'mode “add”')
    const held = heldId(noMode.html)!

    // Alongside: Saga is asked about (still kept); skipped, Sandman comes back
    const asked = await answerImport(pages, 'json', { held, mode: 'add' })
    assert.equal(asked.status, 409)
    assert.deepEqual(await pileOf(r), before)
    assert.match(asked.html, /name="mode" value="add" checked/)
    const answered = await answerImport(pages, 'json', {
      held: heldId(asked.html)!,
      mode: 'add',
      answer_0: 'skip',
    })
    assert.equal(answered.status, 302)
    assert.deepEqual(
      (await pileOf(r)).map((t) => t.title),
      ['Saga', 'Sandman']
    )
  })
})
