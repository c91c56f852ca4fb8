import { test } from '@japa/runner'
import { resetDatabase } from '#tests/support/database'
import { registerReader, signedInPages } from '#tests/support/accounts'

test.group('Analytics', (group) => {
  group.each.setup(() => resetDatabase())

  test('an empty state first, then SVG charts with text alternatives', async ({
    client,
    assert,
  }) => {
    const { token, email } = await registerReader(client)
    const pages = await signedInPages(email)
    assert.include((await pages.get('/analytics')).html, 'Nothing to chart yet')

    const api = (path: string, body: object = {}) =>
      client
        .post(path)
        .header('authorization', `Bearer ${token}`)
        .json(body as never)
    for (const title of ['Saga', 'Bone', 'Hellboy'])
      await api('/api/threads', { title, format: 'Trade', issues_remaining: 4 })
    for (const rating of [4.5, 2, 5]) {
      await api('/api/roll')
      await api('/api/rate', { rating, issues_read: 2 })
    }
    const page = await pages.get('/analytics')
    assert.equal(page.status, 200)
    assert.include(page.html, '<svg')
    assert.include(page.html, 'Reads per week')
    assert.include(page.html, '3 reads in 12 weeks')
    assert.match(page.html, /<desc id="ratings-desc">[^<]*4\.5: 1/)
    assert.match(page.html, /<desc id="dice-desc">[^<]*d\d+: [1-3]/)
    assert.include(page.html, 'Most neglected')

    const other = await registerReader(client)
    const otherPage = await (await signedInPages(other.email)).get('/analytics')
    assert.include(otherPage.html, 'Nothing to chart yet')
  })
})
