import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { orderPileOf } from '#tests/support/piles'
import { apiReader, route, signedInPages } from '#tests/support/accounts'
import { wordsOf } from '#tests/support/words'

const LINES = 'Civil War (2006) #1\nAmazing Spider-Man (1999) #532\nCivil War (2006) #2\n#5'

/** A browser's post of the import form with lines pasted and no file chosen. */
const noFile = { name: '', text: '', type: 'application/octet-stream' }

test.group('Reading orders (pages)', (group) => {
  group.each.setup(() => resetDatabase())

  test('pasted lines: previewed (nothing changes), made, read from the order page, renamed, deleted', async ({
    client,
    assert,
  }) => {
    // Given a reader with Civil War (2006) and a browser
    const r = await apiReader(client)
    await r.call('post', route('api.threads.store'), {
      title: 'Civil War (2006)',
      format: 'Issue',
      issues_remaining: 7,
    })
    const pages = await signedInPages(r.email)
    const empty = await pages.get(route('orders.index'))
    assert.include(wordsOf(empty.html), 'No reading orders yet')
    const before = await orderPileOf(r.user.id)

    // When lines are pasted and previewed
    const preview = await pages.postFile(route('orders.preview'), noFile, {
      lines: LINES,
      name: 'Civil War',
      mode: 'strict',
    })

    // Then the preview says what it matches, makes and cannot read, and nothing changed
    assert.equal(preview.status, 200)
    const said = wordsOf(preview.html)
    assert.include(said, 'Preview: Civil War')
    assert.include(said, '3 entries · 1 thread matched · 1 new thread · 3 issues added to lists')
    assert.include(said, 'issues left 7 → 2')
    assert.include(said, 'Amazing Spider-Man (1999)')
    assert.include(said, 'Entry 4: It names no series.')
    assert.deepEqual(await orderPileOf(r.user.id), before)

    // When it is made
    const made = await pages.post(route('orders.store'), {
      held: /name="held" value="([^"]+)"/.exec(preview.html)![1],
      plan: /name="plan" value="([^"]+)"/.exec(preview.html)![1],
      name: 'Civil War',
      mode: 'strict',
    })

    // Then the order's page lists its entries, the first marked next
    assert.equal(made.status, 302)
    const order = await pages.follow(made)
    const page = wordsOf(order.html)
    assert.include(page, 'Made Civil War: 3 entries, 1 new thread, 3 issues added to lists.')
    assert.include(page, '0 of 3 read')
    assert.include(page, 'Next: Civil War (2006) #1')
    const [row] = await db.from('reading_orders').where('user_id', r.user.id)
    assert.equal(row.mode, 'strict')

    // When the first entry is marked read there
    const first = await db.from('order_entries').where({ order_id: row.id, position: 1 }).first()
    const read = await pages.post(route('orders.read', { id: row.id, issue_id: first.issue_id }))
    const after = await pages.follow(read)
    assert.include(wordsOf(after.html), '#1 read.')
    assert.include(wordsOf(after.html), 'Next: Amazing Spider-Man (1999) #532')

    // When it is renamed and made a guide, then deleted
    const saved = await pages.post(`${route('orders.update', { id: row.id })}?_method=PATCH`, {
      name: 'Civil War, the event',
      mode: 'guide',
    })
    assert.include(
      wordsOf((await pages.follow(saved)).html),
      'Saved: Civil War, the event, a guide.'
    )
    await pages.get(route('orders.confirm_destroy', { id: row.id }))
    const deleted = await pages.post(`${route('orders.destroy', { id: row.id })}?_method=DELETE`)
    const list = await pages.follow(deleted)
    assert.include(wordsOf(list.html), 'Deleted the reading order Civil War, the event.')
    assert.lengthOf(await db.from('reading_orders').where('user_id', r.user.id), 0)
    assert.lengthOf(await db.from('threads').where('user_id', r.user.id), 2, 'its threads stay')
  })

  test('refused: nothing pasted, no entry readable, a document type, a preview the pile outran', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    const pages = await signedInPages(r.email)
    await pages.get(route('orders.index'))
    const before = await orderPileOf(r.user.id)

    const nothing = await pages.postFile(route('orders.preview'), noFile, { lines: '  ' })
    assert.equal(nothing.status, 422)
    assert.include(wordsOf(nothing.html), 'Paste the order’s lines, or choose a CBL file.')

    await pages.get(route('orders.index'))
    const unreadable = await pages.postFile(route('orders.preview'), noFile, {
      lines: '#1\n#2',
      name: 'Kept name',
    })
    assert.equal(unreadable.status, 422)
    assert.include(
      wordsOf(unreadable.html),
      'No entry of this list can be read: it names no series.'
    )
    assert.include(unreadable.html, 'Kept name', 'the typed name is kept')

    await pages.get(route('orders.index'))
    const doctype = await pages.postFile(route('orders.preview'), {
      name: 'bomb.cbl',
      text: '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "a">]><ReadingList><Name>&a;</Name></ReadingList>',
      type: 'application/xml',
    })
    assert.equal(doctype.status, 422)
    assert.include(wordsOf(doctype.html), 'declares a document type')
    assert.deepEqual(await orderPileOf(r.user.id), before)

    // A preview, then the pile changes before the reader confirms
    await pages.get(route('orders.index'))
    const preview = await pages.postFile(route('orders.preview'), noFile, {
      lines: 'Saga #1',
      name: 'Saga',
    })
    assert.equal(preview.status, 200)
    await r.call('post', route('api.threads.store'), {
      title: 'Saga',
      format: 'Trade',
      issues_remaining: 3,
    })
    const changedPile = await orderPileOf(r.user.id)
    const stale = await pages.post(route('orders.store'), {
      held: /name="held" value="([^"]+)"/.exec(preview.html)![1],
      plan: /name="plan" value="([^"]+)"/.exec(preview.html)![1],
      name: 'Saga',
    })
    assert.equal(stale.status, 409, `${stale.location} ${wordsOf(stale.html).slice(0, 300)}`)
    assert.include(wordsOf(stale.html), 'Your pile changed since this preview')
    assert.include(wordsOf(stale.html), 'issues left 3 → 1')
    assert.deepEqual(await orderPileOf(r.user.id), changedPile)
  })

  test('another reader’s order is not found on the pages', async ({ client, assert }) => {
    const a = await apiReader(client)
    const made = await a.call('post', route('api.orders.store'), {
      name: 'Mine',
      entries: [{ series: 'Saga', number: '1' }],
    })
    const b = await apiReader(client)
    const pages = await signedInPages(b.email)
    for (const path of [
      route('orders.show', { id: made.body().id }),
      route('orders.confirm_destroy', { id: made.body().id }),
      route('orders.export_cbl', { id: made.body().id }),
    ]) {
      assert.equal((await pages.get(path)).status, 404, path)
    }
    const list = await pages.get(route('orders.index'))
    assert.notInclude(list.html, 'Mine')

    // An issue of B's own that is no entry of B's order is not marked from that order's page
    const own = await b.call('post', route('api.orders.store'), {
      name: 'Own',
      entries: [{ series: 'Bone', number: '1' }],
    })
    const other = await b.call('post', route('api.threads.store'), {
      title: 'Hellboy',
      format: 'Issue',
      issues_remaining: 1,
    })
    const issues = await b.call(
      'post',
      route('api.threads.issues.store', { id: other.body().id }),
      {
        numbers: '1',
      }
    )
    await pages.get(route('orders.show', { id: own.body().id }))
    const marked = await pages.post(
      route('orders.read', { id: own.body().id, issue_id: issues.body().data[0].id })
    )
    assert.equal(marked.status, 404)
    const issue = await db.from('issues').where('id', issues.body().data[0].id).first()
    assert.isNull(issue.read_at)
  })
})
