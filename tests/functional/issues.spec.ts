import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase, count } from '#tests/support/database'
import { apiReader, route, signedInPages } from '#tests/support/accounts'

type Reader = Awaited<ReturnType<typeof apiReader>>

/** A reader with one thread, "Saga" (5 issues left, plain), at the top of their queue. */
async function readerWithSaga(client: ApiClient) {
  const r = await apiReader(client)
  const created = await r.call('post', route('api.threads.store'), {
    title: 'Saga',
    format: 'Issue',
    issues_remaining: 5,
  })
  created.assertStatus(201)
  return { r, threadId: created.body().id as number }
}

const addIssues = (r: Reader, threadId: number, numbers: string) =>
  r.call('post', route('api.threads.issues.store', { id: threadId }), { numbers })

const threadOf = async (r: Reader, id: number) =>
  (await r.call('get', route('api.threads.show', { id }))).body()

const issuesOf = async (r: Reader, id: number) =>
  (await r.call('get', route('api.threads.issues.index', { id }))).body().data as Array<{
    id: number
    number: string
    read_at: string | null
  }>

/** The invariant of a listed thread: issues left equal its unread rows, its row says its total and next. */
async function assertSettled(assert: any, threadId: number) {
  const thread = await db.from('threads').where('id', threadId).first()
  const issues = await db.from('issues').where('thread_id', threadId).orderBy('ordinal')
  if (issues.length === 0) {
    assert.isNull(thread.issues_total)
    return
  }
  const unread = issues.filter((issue) => issue.read_at === null)
  assert.equal(thread.issues_remaining, unread.length)
  assert.equal(thread.issues_total, issues.length)
  assert.equal(thread.next_issue, unread[0]?.number ?? null)
  assert.equal(thread.status, unread.length ? 'active' : 'completed')
}

test.group('Issues of a thread: adding', (group) => {
  group.each.setup(() => resetDatabase())

  test('ranges and labels are appended in order; issues left follow the unread ones; undo takes them away', async ({
    client,
    assert,
  }) => {
    // Given a plain thread with 5 issues left
    const { r, threadId } = await readerWithSaga(client)
    assert.isNull((await threadOf(r, threadId)).issues_total)
    assert.isNull((await threadOf(r, threadId)).next_issue)

    // When the reader adds "1-25, 30, Annual 1"
    const added = await addIssues(r, threadId, '1-25, 30, Annual 1')

    // Then 27 issues come back in reading order, unread
    added.assertStatus(201)
    const numbers = added.body().data.map((issue: any) => issue.number)
    assert.lengthOf(numbers, 27)
    assert.deepEqual(numbers.slice(0, 3), ['1', '2', '3'])
    assert.deepEqual(numbers.slice(-3), ['25', '30', 'Annual 1'])
    assert.isTrue(added.body().data.every((issue: any) => issue.read_at === null))
    assert.deepEqual(
      (await issuesOf(r, threadId)).map((issue) => issue.number),
      numbers
    )

    // And the thread's issues left are its unread issues, with its total and next
    const thread = await threadOf(r, threadId)
    assert.equal(thread.issues_remaining, 27)
    assert.equal(thread.issues_total, 27)
    assert.equal(thread.next_issue, '1')
    await assertSettled(assert, threadId)

    // And a second list is appended after the first
    ;(await addIssues(r, threadId, '31-32')).assertStatus(201)
    assert.deepEqual(
      (await issuesOf(r, threadId)).slice(-2).map((issue) => issue.number),
      ['31', '32']
    )

    // And both are undone, one at a time, back to the plain thread
    ;(await r.call('post', route('api.undo.store'))).assertStatus(200)
    assert.equal((await threadOf(r, threadId)).issues_total, 27)
    const undone = await r.call('post', route('api.undo.store'))
    undone.assertStatus(200)
    assert.equal(await count('issues'), 0)
    const plain = await threadOf(r, threadId)
    assert.equal(plain.issues_remaining, 5)
    assert.isNull(plain.issues_total)
    assert.isNull(plain.next_issue)
  })

  test('malformed parts, too many at once, duplicates and a full list are refused with the reason', async ({
    client,
    assert,
  }) => {
    const { r, threadId } = await readerWithSaga(client)
    ;(await addIssues(r, threadId, '1-10, 30')).assertStatus(201)
    const refusals: Array<[string, RegExp]> = [
      ['5-3', /counts down/],
      ['X-Men 1', /not a range/],
      ['1-2-3', /not a range/],
      ['#', /alone/],
      ['A'.repeat(21), /1–20 characters/],
      ['1-1001', /more than 1,000/],
      ['40, 41, 40', /#40 is listed twice/],
      ['annual 1, Annual 1', /listed twice/],
      ['11, 30, 5', /#5 and #30 are already in the list/],
      [' , ,', /at least one issue/],
      // The database's lower case of "İ" is "i": the same issue to it
      ['İ, i', /same issue, case aside/],
      ['', /Write something/],
    ]
    for (const [numbers, reason] of refusals) {
      // When the reader adds a list that breaks a rule
      const answer = await addIssues(r, threadId, numbers)
      // Then it is a 422 naming the field and the reason, and nothing is added
      answer.assertStatus(422)
      assert.equal(answer.body().errors[0].field, 'numbers', numbers)
      assert.match(answer.body().errors[0].message, reason, numbers)
    }
    assert.equal(await count('issues', { thread_id: threadId }), 11)
    assert.equal(await count('undo_snapshots', { action: 'issues_add' }), 1)

    // And a list holds at most 5,000 issues
    for (const from of [11, 1011, 2011, 3011]) {
      ;(await addIssues(r, threadId, `${from + 1000}-${from + 1999}`)).assertStatus(201)
    }
    assert.equal(await count('issues', { thread_id: threadId }), 4011)
    const full = await addIssues(r, threadId, '6000-6999')
    full.assertStatus(422)
    assert.match(full.body().errors[0].message, /at most 5,000 issues: 989 more fit/)
    assert.equal(await count('issues', { thread_id: threadId }), 4011)
    await assertSettled(assert, threadId)
  })

  test('another reader’s thread and issues are not found', async ({ client, assert }) => {
    const { r, threadId } = await readerWithSaga(client)
    ;(await addIssues(r, threadId, '1-3')).assertStatus(201)
    const [issue] = await issuesOf(r, threadId)
    const other = await apiReader(client)
    ;(await addIssues(other, threadId, '4')).assertStatus(404)
    ;(await other.call('get', route('api.threads.issues.index', { id: threadId }))).assertStatus(
      404
    )
    ;(await other.call('post', route('api.issues.read', { id: issue.id }))).assertStatus(404)
    ;(await other.call('delete', route('api.issues.unread', { id: issue.id }))).assertStatus(404)
    ;(await other.call('delete', route('api.issues.destroy', { id: issue.id }))).assertStatus(404)
    ;(await r.call('post', route('api.issues.read', { id: 'x' }))).assertStatus(404)
    assert.equal(await count('issues', { thread_id: threadId }), 3)
    assert.isNull((await db.from('issues').where('id', issue.id).first()).read_at)
  })
})

test.group('Issues of a thread: reading', (group) => {
  group.each.setup(() => resetDatabase())

  test('marking read moves next issue on, counts as activity and undoes; marking twice changes nothing', async ({
    client,
    assert,
  }) => {
    const { r, threadId } = await readerWithSaga(client)
    ;(await addIssues(r, threadId, '14-16')).assertStatus(201)
    const [first] = await issuesOf(r, threadId)
    const snapshots = await count('undo_snapshots')

    // When #14 is marked read
    const marked = await r.call('post', route('api.issues.read', { id: first.id }))

    // Then it is read now, the next is #15, one left fewer, and it counted as activity
    marked.assertStatus(200)
    assert.equal(marked.body().number, '14')
    assert.isString(marked.body().read_at)
    const thread = await threadOf(r, threadId)
    assert.equal(thread.next_issue, '15')
    assert.equal(thread.issues_remaining, 2)
    assert.isString(thread.last_activity_at)
    const session = (await r.call('get', route('api.session.show'))).body().session
    assert.isNotNull(session)
    const events = await db.from('events').where({ type: 'issue_read', thread_id: threadId })
    assert.lengthOf(events, 1)
    assert.equal(events[0].issue_number, '14')
    assert.equal(events[0].session_id, session.id)
    const story = await r.call('get', route('api.sessions.show', { id: session.id }))
    const told = story.body().events.find((event: any) => event.type === 'issue_read')
    assert.equal(told.issue_number, '14')
    assert.equal(told.thread_id, threadId)
    assert.equal(await count('undo_snapshots'), snapshots + 1)

    // And marking it again is the same answer and no new action
    const again = await r.call('post', route('api.issues.read', { id: first.id }))
    again.assertStatus(200)
    assert.equal(again.body().read_at, marked.body().read_at)
    assert.equal(await count('undo_snapshots'), snapshots + 1)

    // And undo unmarks it
    ;(await r.call('post', route('api.undo.store'))).assertStatus(200)
    assert.isNull((await db.from('issues').where('id', first.id).first()).read_at)
    assert.equal((await threadOf(r, threadId)).next_issue, '14')
    await assertSettled(assert, threadId)

    // And unmarking an unread issue changes nothing either
    const unread = await r.call('delete', route('api.issues.unread', { id: first.id }))
    unread.assertStatus(200)
    assert.isNull(unread.body().read_at)
  })

  test('read-through marks every unread issue up to one, through the API', async ({
    client,
    assert,
  }) => {
    const { r, threadId } = await readerWithSaga(client)
    ;(await addIssues(r, threadId, '1-5')).assertStatus(201)
    const issues = await issuesOf(r, threadId)
    ;(await r.call('post', route('api.issues.read', { id: issues[1].id }))).assertStatus(200)
    const answer = await r.call('post', route('api.issues.read_through', { id: issues[3].id }))
    answer.assertStatus(200)
    assert.deepEqual(
      answer.body().data.map((issue: any) => [issue.number, issue.read_at !== null]),
      [
        ['1', true],
        ['2', true],
        ['3', true],
        ['4', true],
        ['5', false],
      ]
    )
    assert.equal((await threadOf(r, threadId)).next_issue, '5')
    await assertSettled(assert, threadId)
  })

  test('reading the last unread issue completes the thread; unmarking one puts it back at the front', async ({
    client,
    assert,
  }) => {
    const { r, threadId } = await readerWithSaga(client)
    const other = await r.call('post', route('api.threads.store'), {
      title: 'Other',
      format: 'Trade',
      issues_remaining: 3,
    })
    ;(await addIssues(r, threadId, '1-2')).assertStatus(201)
    const issues = await issuesOf(r, threadId)
    for (const issue of issues) {
      ;(await r.call('post', route('api.issues.read', { id: issue.id }))).assertStatus(200)
    }
    const done = await threadOf(r, threadId)
    assert.equal(done.status, 'completed')
    assert.isNull(done.position)
    assert.equal(done.issues_remaining, 0)
    assert.isNull(done.next_issue)
    const last = await db
      .from('events')
      .where({ type: 'issue_read', thread_id: threadId })
      .orderBy('id', 'desc')
      .first()
    assert.isTrue(last.completed)

    // When the reader unmarks #2
    ;(await r.call('delete', route('api.issues.unread', { id: issues[1].id }))).assertStatus(200)

    // Then the thread is active again at the front, with #2 next
    const back = await threadOf(r, threadId)
    assert.equal(back.status, 'active')
    assert.equal(back.position, 1)
    assert.equal(back.next_issue, '2')
    assert.equal((await threadOf(r, other.body().id)).position, 2)
    await assertSettled(assert, threadId)
  })

  test('a rating with k issues read marks the next k read; undo unmarks them', async ({
    client,
    assert,
  }) => {
    const { r, threadId } = await readerWithSaga(client)
    ;(await addIssues(r, threadId, '1-4, Annual 1')).assertStatus(201)
    ;(await r.call('post', route('api.roll.override'), { thread_id: threadId })).assertStatus(200)

    // When the reader rates it with two issues read
    const rated = await r.call('post', route('api.rate.store'), { rating: 4.5, issues_read: 2 })

    // Then #1 and #2 are read, #3 is next, three left
    rated.assertStatus(200)
    assert.equal(rated.body().thread.next_issue, '3')
    assert.equal(rated.body().thread.issues_remaining, 3)
    assert.equal(rated.body().thread.issues_total, 5)
    const read = (await issuesOf(r, threadId)).filter((issue) => issue.read_at)
    assert.deepEqual(
      read.map((issue) => issue.number),
      ['1', '2']
    )
    const event = await db.from('events').where({ type: 'rate', thread_id: threadId }).first()
    assert.equal(event.issue_number, '1, 2')
    await assertSettled(assert, threadId)

    // And undo unmarks both
    ;(await r.call('post', route('api.undo.store'))).assertStatus(200)
    assert.isTrue((await issuesOf(r, threadId)).every((issue) => issue.read_at === null))
    assert.equal((await threadOf(r, threadId)).next_issue, '1')
    await assertSettled(assert, threadId)

    // And a rating with more issues read than are left reads them all and completes it
    const all = await r.call('post', route('api.rate.store'), { rating: 3, issues_read: 9 })
    all.assertStatus(200)
    assert.isTrue(all.body().completed)
    assert.isTrue((await issuesOf(r, threadId)).every((issue) => issue.read_at !== null))
    await assertSettled(assert, threadId)
  })

  test('issues left are not edited by hand on a listed thread; a plain thread is as before', async ({
    client,
    assert,
  }) => {
    const { r, threadId } = await readerWithSaga(client)
    ;(await addIssues(r, threadId, '1-3')).assertStatus(201)

    // When the reader patches issues_remaining to another value
    const patched = await r.call('patch', route('api.threads.update', { id: threadId }), {
      issues_remaining: 9,
    })

    // Then it is refused on that field and nothing changes
    patched.assertStatus(422)
    assert.equal(patched.body().errors[0].field, 'issues_remaining')
    assert.match(patched.body().errors[0].message, /lists its issues/)
    assert.equal((await db.from('threads').where('id', threadId).first()).issues_remaining, 3)

    // And the same value, with a new title, is fine
    const same = await r.call('patch', route('api.threads.update', { id: threadId }), {
      issues_remaining: 3,
      title: 'Saga (2012)',
    })
    same.assertStatus(200)
    assert.equal(same.body().title, 'Saga (2012)')

    // And a completed listed thread is not reactivated with a count
    for (const issue of await issuesOf(r, threadId)) {
      await r.call('post', route('api.issues.read', { id: issue.id }))
    }
    const reactivated = await r.call('post', route('api.threads.reactivate', { id: threadId }), {
      issues_to_add: 2,
    })
    reactivated.assertStatus(422)
    assert.equal(reactivated.body().errors[0].field, 'issues_to_add')
    assert.equal((await db.from('threads').where('id', threadId).first()).status, 'completed')

    // And a plain thread still takes an edit of issues left
    const plain = await r.call('post', route('api.threads.store'), {
      title: 'Plain',
      format: 'Trade',
      issues_remaining: 2,
    })
    const edited = await r.call('patch', route('api.threads.update', { id: plain.body().id }), {
      issues_remaining: 7,
    })
    edited.assertStatus(200)
    assert.equal(edited.body().issues_remaining, 7)
    assert.isNull(edited.body().issues_total)
  })

  test('deleting an issue, and a thread with its issues, is undone with the read marks', async ({
    client,
    assert,
  }) => {
    const { r, threadId } = await readerWithSaga(client)
    ;(await addIssues(r, threadId, '1-3')).assertStatus(201)
    const issues = await issuesOf(r, threadId)
    await r.call('post', route('api.issues.read', { id: issues[0].id }))

    // When an unread issue is deleted
    ;(await r.call('delete', route('api.issues.destroy', { id: issues[2].id }))).assertStatus(204)

    // Then one fewer is left and listed
    let thread = await threadOf(r, threadId)
    assert.equal(thread.issues_remaining, 1)
    assert.equal(thread.issues_total, 2)
    await assertSettled(assert, threadId)

    // And undo brings it back in its place
    ;(await r.call('post', route('api.undo.store'))).assertStatus(200)
    assert.deepEqual(
      (await issuesOf(r, threadId)).map((issue) => issue.number),
      ['1', '2', '3']
    )
    await assertSettled(assert, threadId)

    // When the thread is deleted, then undone
    ;(await r.call('delete', route('api.threads.destroy', { id: threadId }))).assertStatus(204)
    assert.equal(await count('issues'), 0)
    ;(await r.call('post', route('api.undo.store'))).assertStatus(200)

    // Then its issues are back with their marks
    const back = await issuesOf(r, threadId)
    assert.deepEqual(
      back.map((issue) => [issue.number, issue.read_at !== null]),
      [
        ['1', true],
        ['2', false],
        ['3', false],
      ]
    )
    thread = await threadOf(r, threadId)
    assert.equal(thread.next_issue, '2')
    await assertSettled(assert, threadId)

    // And deleting every issue leaves a plain thread with its issues left as they were
    for (const issue of back) await r.call('delete', route('api.issues.destroy', { id: issue.id }))
    thread = await threadOf(r, threadId)
    assert.isNull(thread.issues_total)
    assert.isNull(thread.next_issue)
    assert.equal(thread.status, 'active')
  })

  test('racing marks, rates and undos keep issues left equal to the unread issues', async ({
    client,
    assert,
  }) => {
    const { r, threadId } = await readerWithSaga(client)
    ;(await addIssues(r, threadId, '1-12')).assertStatus(201)
    const issues = await issuesOf(r, threadId)
    ;(await r.call('post', route('api.roll.override'), { thread_id: threadId })).assertStatus(200)

    // When marks, unmarks, a rate, deletions and undos race
    const answers = await Promise.all([
      r.call('post', route('api.issues.read', { id: issues[0].id })),
      r.call('post', route('api.issues.read', { id: issues[0].id })),
      r.call('post', route('api.issues.read', { id: issues[5].id })),
      r.call('post', route('api.rate.store'), { rating: 4, issues_read: 3 }),
      r.call('delete', route('api.issues.unread', { id: issues[5].id })),
      r.call('delete', route('api.issues.destroy', { id: issues[11].id })),
      r.call('post', route('api.undo.store')),
      r.call('post', route('api.issues.read', { id: issues[7].id })),
      r.call('post', route('api.undo.store')),
      addIssues(r, threadId, '13-14'),
    ])

    // Then every answer is one a client expects, and the invariant holds
    for (const answer of answers) assert.oneOf(answer.status(), [200, 201, 204, 404, 409])
    await assertSettled(assert, threadId)
    const pending = await db.from('reading_sessions').whereNotNull('pending_thread_id')
    assert.isAtMost(pending.length, 1)
  })
})

test.group('Issues of a thread: export and import', (group) => {
  group.each.setup(() => resetDatabase())

  test('the JSON export carries issues with their read state, and imports back as they were', async ({
    client,
    assert,
  }) => {
    const { r, threadId } = await readerWithSaga(client)
    ;(await addIssues(r, threadId, '1-3, Annual 1')).assertStatus(201)
    const [first] = await issuesOf(r, threadId)
    await r.call('post', route('api.issues.read', { id: first.id }))

    // When the reader exports
    const exported = await r.call('get', route('api.export.json'))
    exported.assertStatus(200)
    const file = JSON.parse(exported.text())
    const saga = file.threads.find((thread: any) => thread.title === 'Saga')

    // Then the thread carries its issues in order with their read state
    assert.deepEqual(
      saga.issues.map((issue: any) => [issue.number, issue.read_at !== null]),
      [
        ['1', true],
        ['2', false],
        ['3', false],
        ['Annual 1', false],
      ]
    )
    assert.equal(saga.issues[0].read_at, first.read_at ?? saga.issues[0].read_at)

    // When another reader imports it
    const other = await apiReader(client)
    const imported = await other.upload(
      route('api.import.json'),
      exported.text(),
      'application/json'
    )
    assert.equal(imported.status, 200)

    // Then their Saga lists the same issues, with #2 next and three left
    const theirs = await db.from('threads').where({ user_id: other.user.id, title: 'Saga' }).first()
    assert.equal(theirs.issues_remaining, 3)
    assert.equal(theirs.issues_total, 4)
    assert.equal(theirs.next_issue, '2')
    const rows = await db.from('issues').where('thread_id', theirs.id).orderBy('ordinal')
    assert.deepEqual(
      rows.map((row) => [row.number, row.read_at !== null, row.user_id]),
      [
        ['1', true, other.user.id],
        ['2', false, other.user.id],
        ['3', false, other.user.id],
        ['Annual 1', false, other.user.id],
      ]
    )

    // And undoing the import takes the issues away with the threads
    ;(await other.call('post', route('api.undo.store'))).assertStatus(200)
    assert.equal(await count('issues', { user_id: other.user.id }), 0)

    // And a file whose issues the database reads as one is refused as a whole
    const turkish = JSON.parse(exported.text())
    turkish.threads[0].issues = [
      { number: 'İ', read_at: null },
      { number: 'i', read_at: null },
    ]
    const same = await other.upload(
      route('api.import.json'),
      JSON.stringify(turkish),
      'application/json'
    )
    assert.equal(same.status, 422)
    assert.match(JSON.stringify(await same.json()), /same issue twice/)
    assert.equal(await count('threads', { user_id: other.user.id }), 0)

    // And a file whose issues repeat a number is refused, naming it
    saga.issues.push({ number: 'annual 1', read_at: null })
    const refused = await other.upload(
      route('api.import.json'),
      JSON.stringify(file),
      'application/json'
    )
    assert.equal(refused.status, 422)
    assert.match(JSON.stringify(await refused.json()), /listed twice/)
    assert.equal(await count('threads', { user_id: other.user.id }), 0)
  })
})

test.group('Issues of a thread: pages', (group) => {
  group.each.setup(() => resetDatabase())

  test('the thread page adds, marks and deletes issues, with the message and Undo in the row', async ({
    client,
    assert,
  }) => {
    const { r, threadId } = await readerWithSaga(client)
    const pages = await signedInPages(r.email)
    const show = route('threads.show', { id: threadId })
    assert.include((await pages.get(show)).html, 'List its issues to see which one comes next')

    // When the reader adds a list on the thread's page
    await pages.get(show)
    const added = await pages.post(route('threads.issues.store', { id: threadId }), {
      numbers: '1-3, Annual 1',
    })

    // Then the page says so by the form, with an Undo, and lists them with #1 next
    assert.equal(added.status, 302)
    assert.match(added.location ?? '', /#feedback$/)
    let html = (await pages.follow(added)).html
    assert.include(html, 'Added 4 issues: #1, #2, #3 and 1 more. Next: #1.')
    assert.include(html, 'aria-label="Undo: Issues of Saga: 1-3, Annual 1 added"')
    assert.include(html, '0 of 4 issues read · next #1')
    assert.include(html, 'Annual 1</span>')

    // When #1 is marked read from its row
    const [first, second] = await issuesOf(r, threadId)
    const marked = await pages.post(route('issues.read', { id: first.id }))
    html = (await pages.follow(marked)).html

    // Then its row is marked changed with the message, and #2 is next
    assert.match(html, new RegExp(`class="qr ir read changed" id="i${first.id}"`))
    assert.include(html, '#1 read. Next: #2.')
    assert.include(html, 'aria-label="Mark #1 unread"')
    assert.isNotNull((await db.from('issues').where('id', first.id).first()).read_at)

    // And the queue's row names the next issue
    assert.include((await pages.get(route('queue.show'))).html, '3 left · next #2')

    // And the roll and rate pages name the next issue
    ;(await r.call('post', route('api.roll.override'), { thread_id: threadId })).assertStatus(200)
    assert.include((await pages.get(route('roll.show'))).html, 'Next: <strong>#2</strong>')
    assert.include((await pages.get(route('rate.show'))).html, 'Next: <strong>#2</strong>')

    // When #2 is deleted through the row menu (a form's DELETE)
    await pages.get(show)
    const deleted = await pages.post(`${route('issues.destroy', { id: second.id })}?_method=DELETE`)
    html = (await pages.follow(deleted)).html
    assert.include(html, 'Deleted #2. Next: #3.')
    assert.isNull(await db.from('issues').where('id', second.id).first())

    // And unmarking #1 through the row (DELETE of its read mark) makes it next again
    await pages.get(show)
    const unread = await pages.post(`${route('issues.unread', { id: first.id })}?_method=DELETE`)
    assert.include((await pages.follow(unread)).html, '#1 is unread again. Next: #1.')

    // And the session's history tells what was marked
    const story = (await pages.get(route('history.index'))).html
    assert.include(story, 'Marked read:</span> Saga #1')
  })

  test('"read every issue up to here" marks a run already read in one action, undone as one', async ({
    client,
    assert,
  }) => {
    // Given a run of twenty issues listed, none read
    const { r, threadId } = await readerWithSaga(client)
    ;(await addIssues(r, threadId, '1-20')).assertStatus(201)
    const issues = await issuesOf(r, threadId)
    const pages = await signedInPages(r.email)
    const show = route('threads.show', { id: threadId })
    assert.include((await pages.get(show)).html, 'Read every issue up to #13')

    // When the reader marks every issue up to #13 read
    const through = await pages.post(route('issues.read_through', { id: issues[12].id }))
    const html = (await pages.follow(through)).html

    // Then the thirteen are read, #14 is next, and the message is in #13's row
    assert.include(html, 'Read 13 issues: #1, #2, #3 and 10 more. Next: #14.')
    assert.match(html, new RegExp(`class="qr ir read changed" id="i${issues[12].id}"`))
    const read = (await issuesOf(r, threadId)).filter((issue) => issue.read_at)
    assert.lengthOf(read, 13)
    await assertSettled(assert, threadId)
    const event = await db.from('events').where({ type: 'issue_read', thread_id: threadId }).first()
    assert.equal(event.issue_number, '1–13')
    assert.equal(event.issues_read, 13)
    assert.include((await pages.get(route('history.index'))).html, 'Saga #1–13')

    // And doing it again changes nothing; one undo unmarks all thirteen
    const snapshots = await count('undo_snapshots')
    await pages.get(show)
    await pages.post(route('issues.read_through', { id: issues[12].id }))
    assert.equal(await count('undo_snapshots'), snapshots)
    ;(await r.call('post', route('api.undo.store'))).assertStatus(200)
    assert.isTrue((await issuesOf(r, threadId)).every((issue) => issue.read_at === null))
    await assertSettled(assert, threadId)
  })

  test('a refused list comes back as typed with the reason next to the field; nothing is added', async ({
    client,
    assert,
  }) => {
    const { r, threadId } = await readerWithSaga(client)
    const pages = await signedInPages(r.email)
    await pages.get(route('threads.show', { id: threadId }))
    const typed = `1-10, ${'Special edition no. 1'}, 12`

    // When the list has a label too long
    const refused = await pages.post(route('threads.issues.store', { id: threadId }), {
      numbers: typed,
    })

    // Then the page answers at once with the message by the field and the list as typed
    assert.equal(refused.status, 422)
    assert.include(refused.html, 'is too long for an issue: a label is 1–20 characters.')
    assert.include(refused.html, `value="${typed}"`)
    assert.include(refused.html, 'aria-invalid="true"')
    assert.equal(await count('issues'), 0)

    // And the edit page shows issues left as following the list once there is one
    ;(await addIssues(r, threadId, '1-3')).assertStatus(201)
    const edit = (await pages.get(route('threads.edit', { id: threadId }))).html
    assert.include(edit, 'The unread issues of its list of 3')
    assert.match(edit, /name="issues_remaining"[^>]*readonly/)

    // And another reader's issue is not found from their pages
    const other = await apiReader(client)
    const theirPages = await signedInPages(other.email)
    const [issue] = await issuesOf(r, threadId)
    await theirPages.get(route('queue.show'))
    const foreign = await theirPages.post(route('issues.read', { id: issue.id }))
    // Another reader's id answers 404, from the pages as from the API.
    assert.equal(foreign.status, 404)
    assert.isNull((await db.from('issues').where('id', issue.id).first()).read_at)
  })
})
