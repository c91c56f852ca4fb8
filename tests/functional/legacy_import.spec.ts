import { test } from '@japa/runner'
import ace from '@adonisjs/core/services/ace'
import db from '@adonisjs/lucid/services/db'
import LegacyImport from '#commands/legacy_import'
import { resetDatabase, count } from '#tests/support/database'
import { createLegacyDatabase } from '#tests/support/legacy_database'
import { PASSWORD, route } from '#tests/support/accounts'

test.group('legacy:import and the claim of the legacy reader', (group) => {
  let legacyUrl: string
  group.setup(async () => {
    legacyUrl = await createLegacyDatabase()
  })
  group.each.setup(() => resetDatabase())

  test('imports into users.id = 1, twice imports nothing new, then the claimer sees it all', async ({
    client,
    assert,
  }) => {
    const first = await ace.create(LegacyImport, [legacyUrl])
    await first.exec()
    first.assertSucceeded()
    assert.equal(await count('threads', { user_id: 1 }), 24)
    assert.equal(await count('reading_sessions', { user_id: 1 }), 3)
    assert.equal(await count('events', { user_id: 1 }), 20)
    const legacyUser = await db.from('users').where('id', 1).first()
    assert.isNull(legacyUser.email)

    const again = await ace.create(LegacyImport, [legacyUrl])
    await again.exec()
    again.assertSucceeded()
    assert.equal(await count('threads'), 24)
    assert.equal(await count('events'), 20)

    const registered = await client
      .post(route('api.registration.store'))
      .json({ email: 'legacy@example.com', password: PASSWORD })
    registered.assertStatus(201)
    assert.equal(registered.body().user.id, 1)
    const auth = `Bearer ${registered.body().token}`

    const queue = await client.get(route('api.queue.index')).header('authorization', auth)
    const titles = queue.body().data.map((t: { title: string }) => t.title)
    assert.deepEqual(titles.slice(0, 4), ['Daredevil', 'Dial H', 'Sweet Tooth', 'Conan Saga'])
    assert.lengthOf(titles, 21)
    assert.deepEqual(
      queue.body().data.map((t: { position: number }) => t.position),
      Array.from({ length: 21 }, (_, i) => i + 1)
    )

    const completed = await client
      .get(route('api.threads.index', {}, { status: 'completed' }))
      .header('authorization', auth)
    assert.sameMembers(
      completed.body().data.map((t: { title: string }) => t.title),
      ['Majestic', 'The Invisibles', 'Paper Girls']
    )

    const conan = queue.body().data.find((t: { title: string }) => t.title === 'Conan Saga')
    assert.equal(conan.last_rating, 5)
    assert.equal(conan.review_url, 'https://leagueofcomicgeeks.com/comic/1004/review')

    const rates = await db.from('events').where({ user_id: 1, type: 'rate' }).orderBy('created_at')
    assert.lengthOf(rates, 9)
    assert.equal(Number(rates[0].rating), 5)
    assert.equal(rates[0].die, 6)
    assert.equal(rates[0].thread_title, 'Dial H')
  })

  test('imports into an account by email; a bad URL imports nothing', async ({
    client,
    assert,
  }) => {
    const reader = await client
      .post(route('api.registration.store'))
      .json({ email: 'mover@example.com', password: PASSWORD })
    const broken = await ace.create(LegacyImport, [
      'postgres://postgres:postgres@127.0.0.1:1/nothing',
    ])
    await broken.exec()
    broken.assertFailed()
    assert.equal(await count('threads'), 0)

    const command = await ace.create(LegacyImport, [legacyUrl, '--email', 'MOVER@example.com'])
    await command.exec()
    command.assertSucceeded()
    assert.equal(await count('threads', { user_id: reader.body().user.id }), 24)
    assert.equal(await count('users'), 1)
  })
})
