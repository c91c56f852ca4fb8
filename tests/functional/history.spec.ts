import { test } from '@japa/runner'
import { resetDatabase } from '#tests/support/database'
import { registerReader, signedInPages, route } from '#tests/support/accounts'

test.group('History', (group) => {
  group.each.setup(() => resetDatabase())

  test('sessions newest first, as a narrative, with their events; pages show the story', async ({
    client,
    assert,
  }) => {
    const { token, email } = await registerReader(client)
    const api = (method: 'get' | 'post', path: string, body: object = {}) =>
      client[method](path)
        .header('authorization', `Bearer ${token}`)
        .json(body as never)
    for (const title of ['Saga', 'Bone'])
      await api('post', route('api.threads.store'), {
        title,
        format: 'Trade',
        issues_remaining: title === 'Bone' ? 1 : 5,
      })
    await api('post', route('api.roll.store'))
    await api('post', route('api.roll.skip'))
    const bone = (await api('get', route('api.threads.index')))
      .body()
      .data.find((t: { title: string }) => t.title === 'Bone')
    await api('post', route('api.roll.override'), { thread_id: bone.id })
    await api('post', route('api.rate.store'), { rating: 4.5 })

    const list = await api('get', route('api.sessions.index', {}, { per_page: 5 }))
    list.assertStatus(200)
    assert.deepEqual(list.body().meta, { total: 1, page: 1, per_page: 5 })
    const summary = list.body().data[0]
    assert.deepEqual(summary.ladder_path, [6, 4])
    assert.deepEqual(summary.reads, [
      { thread_id: bone.id, title: 'Bone', rating: 4.5, issues_read: 1 },
    ])
    assert.lengthOf(summary.skipped, 1)
    assert.deepEqual(summary.completed, ['Bone'])

    const detail = await api('get', route('api.sessions.show', { id: summary.id }))
    assert.deepEqual(
      detail.body().events.map((e: { type: string }) => e.type),
      ['roll', 'rolled_but_skipped', 'roll', 'rate']
    )
    ;(await api('get', route('api.sessions.index', {}, { per_page: 101 }))).assertStatus(422)

    const other = await registerReader(client)
    ;(
      await client
        .get(route('api.sessions.show', { id: summary.id }))
        .header('authorization', `Bearer ${other.token}`)
    ).assertStatus(404)
    assert.deepEqual(
      (
        await client
          .get(route('api.sessions.index'))
          .header('authorization', `Bearer ${other.token}`)
      ).body().data,
      []
    )

    const pages = await signedInPages(email)
    const history = await pages.get(route('history.index'))
    assert.include(history.html, '★★★★½')
    assert.include(history.html, 'Completed:')
    const page = await pages.get(route('history.show', { id: summary.id }))
    assert.include(page.html, 'Rated Bone')
    const redirected = await pages.get(route('legacy.session', { id: summary.id }))
    assert.equal(redirected.location, route('history.show', { id: summary.id }))
    const foreign = await (
      await signedInPages(other.email)
    ).get(route('history.show', { id: summary.id }))
    assert.equal(foreign.status, 404)
    assert.include(foreign.html, 'This page is not in the pile.')
  })
})
