import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { registerReader, route, signedInPages } from '#tests/support/accounts'
import { GAP } from '#domain/queue'

test.group('Pick another', (group) => {
  group.each.setup(() => resetDatabase())

  test('searches the whole queue by words and picks a thread far past the pool', async ({
    client,
    assert,
  }) => {
    // Given a reader with 30 threads, "The Amazing Spider-Man" at position 25
    const { email, user } = await registerReader(client)
    await db.table('threads').multiInsert(
      Array.from({ length: 30 }, (_, i) => ({
        user_id: user.id,
        title: i === 24 ? 'The Amazing Spider-Man' : `Thread ${i + 1}`,
        format: 'Issue',
        issues_remaining: 3,
        sort_key: (i + 1) * GAP,
      }))
    )
    const pages = await signedInPages(email)

    // Without a search, the pool is listed by face
    const roll = await pages.get(route('roll.show'))
    assert.include(roll.html, '>Face 1: Thread 1</option>')
    assert.notInclude(roll.html, 'Spider-Man</option>')

    // When the reader searches "spider amazing"
    const found = await pages.get(route('roll.show', {}, { pick: 'spider amazing' }))
    assert.equal(found.status, 200)
    assert.include(found.html, '1 thread of your queue matches &ldquo;spider amazing&rdquo;')
    const spider = await db
      .from('threads')
      .where({ user_id: user.id, title: 'The Amazing Spider-Man' })
      .first()
    assert.include(found.html, `value="${spider.id}" >#25 in queue: The Amazing Spider-Man`)

    // Then picking it makes it the pending read
    const picked = await pages.post(route('roll.override'), { thread_id: spider.id })
    assert.equal(picked.status, 302)
    const session = await db.from('reading_sessions').where('user_id', user.id).first()
    assert.equal(session.pending_thread_id, spider.id)

    // And a search of more than ten words is refused, next to the field
    const long = await pages.get(route('roll.show', {}, { pick: 'a b c d e f g h i j k' }))
    assert.equal(long.status, 200)
    assert.include(long.html, 'Search for at most 10 words.')
  })
})
