import { test } from '@japa/runner'
import { resetDatabase } from '#tests/support/database'
import { registerReader, signedInPages, route } from '#tests/support/accounts'

test.group('Analytics', (group) => {
  group.each.setup(() => resetDatabase())

  test('an empty state first, then SVG charts with text alternatives', async ({
    client,
    assert,
  }) => {
    const { token, email } = await registerReader(client)
    const pages = await signedInPages(email)
    assert.include(
      (await pages.get(route('analytics.show'))).html,
      'Your charts start after 3 rated reads'
    )

    const api = (path: string, body: object = {}) =>
      client
        .post(path)
        .header('authorization', `Bearer ${token}`)
        .json(body as never)
    for (const title of ['Saga', 'Bone', 'Hellboy'])
      await api(route('api.threads.store'), { title, format: 'Trade', issues_remaining: 4 })
    const rateOnce = async (rating: number) => {
      await api(route('api.roll.store'))
      await api(route('api.rate.store'), { rating, issues_read: 2 })
    }
    // Two reads: not enough to chart, and the page says how far there is to go.
    await rateOnce(4.5)
    await rateOnce(2)
    assert.include(
      (await pages.get(route('analytics.show'))).html,
      '2 reads rated so far; 1 more to go.'
    )

    await rateOnce(5)
    const page = await pages.get(route('analytics.show'))
    assert.equal(page.status, 200)
    assert.include(page.html, '<svg')
    assert.include(page.html, 'Reads per week')
    // A new reader's weeks start at the first read: four of them, not twelve empty ones.
    assert.include(page.html, '3 reads in 4 weeks, rated 3.8 on average.')
    // Three ratings given once each: a tie, said as one.
    assert.include(page.html, 'You give 2.0, 4.5 and 5.0 equally often (1 time each).')
    assert.match(page.html, /<desc id="ratings-desc">[^<]*4\.5: 1 rating/)
    assert.match(page.html, /<desc id="dice-desc">[^<]*d\d+: [1-3] roll/)
    assert.include(page.html, '>5.0</text>')
    // Touched tonight: nothing is neglected yet.
    assert.include(page.html, 'Nothing neglected')

    // Three rates of two issues each; none snoozed yet.
    assert.include(page.html, '6 issues read in 4 weeks, by ratings and marked by hand.')
    assert.include(page.html, 'Nothing snoozed in the last 4 weeks')

    // When a roll is snoozed, and issues of a listed thread are marked read by hand (one
    // of them unmarked again)
    await api(route('api.roll.store'))
    await api(route('api.roll.snooze'))
    const saga = (
      await client.get(route('api.threads.index')).header('authorization', `Bearer ${token}`)
    )
      .body()
      .data.find((thread: { title: string }) => thread.title === 'Saga')
    const added = await api(route('api.threads.issues.store', { id: saga.id }), { numbers: '1-3' })
    for (const issue of added.body().data) await api(route('api.issues.read', { id: issue.id }))
    await client
      .delete(route('api.issues.unread', { id: added.body().data[2].id }))
      .header('authorization', `Bearer ${token}`)

    // Then the weeks count them
    const later = await pages.get(route('analytics.show'))
    assert.include(later.html, '8 issues read in 4 weeks, by ratings and marked by hand.')
    assert.include(later.html, '1 thread snoozed (“not tonight”) in 4 weeks.')
    assert.match(later.html, /<desc id="snoozes-weekly-desc">[^<]*: 1 snooze/)
    // And the most read count the issues marked by hand too: Saga's two more
    const sagaRead = (html: string) =>
      Number(/rank-label">Saga<\/span>[^]*?"rank-value">(\d+) issues?/.exec(html)?.[1] ?? 0)
    const [before, after] = [sagaRead(page.html), sagaRead(later.html)]
    assert.equal(after, before + 2)

    const other = await registerReader(client)
    const otherPage = await (await signedInPages(other.email)).get(route('analytics.show'))
    assert.include(otherPage.html, 'Your charts start after 3 rated reads')
  })
})
