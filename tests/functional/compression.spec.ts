import { test } from '@japa/runner'
import { brotliDecompressSync } from 'node:zlib'
import { get as get_ } from 'node:http'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { registerReader, route, signedInPages } from '#tests/support/accounts'
import { BASE_URL } from '#tests/bootstrap'
import { assetVersion } from '#http/assets'
import { GAP } from '#domain/queue'

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${BASE_URL}${path}`, { headers: { 'accept-encoding': 'br, gzip', ...headers } })

test.group('Compressed answers', (group) => {
  group.each.setup(() => resetDatabase())

  test('the queue page of a hundred threads travels compressed, under 12 KB', async ({
    client,
    assert,
  }) => {
    const { email, user } = await registerReader(client)
    await db.table('threads').multiInsert(
      Array.from({ length: 100 }, (_, i) => ({
        user_id: user.id,
        title: `A thread with a title of some length ${i + 1}`,
        format: 'Issue',
        issues_remaining: 12,
        sort_key: (i + 1) * GAP,
      }))
    )
    const pages = await signedInPages(email)
    const page = await pages.request('GET', route('queue.show', {}, { size: 100 }), undefined, {
      'accept-encoding': 'br',
    })
    assert.equal(page.status, 200)
    assert.equal(page.headers.get('content-encoding'), 'br')
    // fetch decodes a body: its bytes on the wire are read with node:http
    const cookie = [...pages.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const wire = await new Promise<Buffer>((resolve, reject) => {
      const url = `${BASE_URL}${route('queue.show', {}, { size: 100 })}`
      get_(url, { headers: { 'accept-encoding': 'br', cookie } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => resolve(Buffer.concat(chunks)))
      }).on('error', reject)
    })
    assert.include(brotliDecompressSync(wire).toString(), 'length 100')
    assert.include(page.html, 'A thread with a title of some length 100')
    assert.isBelow(wire.length, 12 * 1024)
  })

  test('versioned assets are compressed once and kept for a year; plain ones are checked again', async ({
    assert,
  }) => {
    const versioned = await get(`/app.css?v=${assetVersion}`)
    assert.equal(versioned.status, 200)
    assert.equal(versioned.headers.get('cache-control'), 'public, max-age=31536000, immutable')
    assert.equal(versioned.headers.get('content-encoding'), 'br')
    assert.include(versioned.headers.get('vary') ?? '', 'Accept-Encoding')
    const etag = versioned.headers.get('etag')!
    const again = await get('/app.css', { 'if-none-match': etag })
    assert.equal(again.status, 304)
    const plain = await fetch(`${BASE_URL}/app.js`, { headers: { 'accept-encoding': 'identity' } })
    assert.equal(plain.headers.get('cache-control'), 'no-cache')
    assert.isNull(plain.headers.get('content-encoding'))
    assert.include(await plain.text(), 'addEventListener')
  })

  test('a mailed link page (its token in its body) is never compressed; a page with a CSRF token masks it afresh', async ({
    assert,
  }) => {
    const token = 'a'.repeat(43)
    const link = await get(route('password_reset.edit', { token }))
    assert.isNull(link.headers.get('content-encoding'))
    const first = await get(route('session.create'))
    const second = await get(route('session.create'))
    assert.equal(first.headers.get('content-encoding'), 'br')
    const csrf = (html: string) => /name=['"]_csrf['"] value=['"]([^'"]+)/.exec(html)?.[1]
    const [a, b] = [csrf(await first.text()), csrf(await second.text())]
    assert.exists(a)
    assert.notEqual(a, b)
  })
})
