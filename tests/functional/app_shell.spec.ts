import { test } from '@japa/runner'
import { resetDatabase } from '#tests/support/database'
import { apiReader, route, signedInPages } from '#tests/support/accounts'
import { PageClient } from '#tests/support/browserless_client'

test.group('Installable app shell', (group) => {
  group.each.setup(() => resetDatabase())

  test('the offline page names nothing of a reader’s, signed in or not', async ({
    client,
    assert,
  }) => {
    const r = await apiReader(client)
    await r.call('post', route('api.threads.store'), {
      title: 'Saga',
      format: 'Issue',
      issues_remaining: 3,
    })
    const signedIn = await signedInPages(r.email)
    const mine = await signedIn.get(route('offline'))
    const anyone = await new PageClient().get(route('offline'))
    assert.equal(mine.status, 200)
    assert.include(mine.html, 'You are offline')
    for (const page of [mine, anyone]) {
      assert.notInclude(page.html, r.email)
      assert.notInclude(page.html, 'Saga')
      assert.notInclude(page.html, 'class="app-nav"')
    }
    assert.equal(mine.headers.get('cache-control'), 'no-cache')
  })

  test('the service worker keeps the versioned static files and the offline page, no page or API answer', async ({
    client,
    assert,
  }) => {
    const answer = await client.get(route('service_worker'))
    answer.assertStatus(200)
    assert.match(answer.header('content-type') ?? '', /^text\/javascript/)
    assert.equal(answer.header('cache-control'), 'no-cache')
    const script = answer.text()
    const assets = JSON.parse(/const ASSETS = (\[.*\])/.exec(script)![1]) as string[]
    assert.include(assets, '/manifest.webmanifest')
    assert.isTrue(assets.some((asset) => /^\/app\.css\?v=[0-9a-f]{10}$/.test(asset)))
    for (const asset of assets) assert.notMatch(asset, /^\/(api|queue|history|account|threads)/)
    const manifest = await client.get('/manifest.webmanifest')
    manifest.assertStatus(200)
    const body = JSON.parse(manifest.text())
    assert.equal(body.display, 'standalone')
    assert.sameMembers(
      body.icons.map((icon: { sizes: string; purpose: string }) => `${icon.sizes} ${icon.purpose}`),
      ['192x192 any', '512x512 any', '512x512 maskable']
    )

    // The manifest's colours are the pages' own, light by default and dark when asked
    const signIn = (await client.get(route('session.create'))).text()
    const themes = Object.fromEntries(
      [
        ...signIn.matchAll(
          /name="theme-color" content="(#\w+)" media="\(prefers-color-scheme: (\w+)\)"/g
        ),
      ].map(([, colour, scheme]) => [scheme, colour])
    )
    assert.deepEqual([body.theme_color, body.background_color], [themes.light, themes.light])
    assert.deepEqual(body.color_scheme_dark, {
      theme_color: themes.dark,
      background_color: themes.dark,
    })
    assert.deepEqual(body.user_preferences.color_scheme.dark, body.color_scheme_dark)
  })
})
