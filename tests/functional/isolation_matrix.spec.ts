import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/support/database'
import { PASSWORD, registerReader, signedInPages, route } from '#tests/support/accounts'
import { PageClient } from '#tests/support/browserless_client'
import { BASE_URL } from '#tests/bootstrap'

/**
 * Every registered route, classified. Reader B aims each one at reader A's ids;
 * a route missing from this table fails the suite, so a new route must say how it
 * keeps readers apart.
 *  - foreign: takes an id; B gets a 404 (pages: the 404 page, or for a form post a
 *    redirect with an error), and A's data is unchanged.
 *  - own: acts on the caller's own data only (no id to aim); B's call leaves A unchanged.
 *  - admin: B (not an admin) gets a 403.
 *  - public: no sign-in needed.
 */
type Kind = 'foreign' | 'own' | 'admin' | 'public'
interface Entry {
  kind: Kind
  params?: (a: Ids) => Record<string, string | number>
  body?: Record<string, unknown>
}
interface Ids {
  thread: number
  completed: number
  session: number
  token: number
  issue: number
  order: number
  share: number
}

const thread = (a: Ids) => ({ id: a.thread })
const issue = (a: Ids) => ({ id: a.issue })
const session = (a: Ids) => ({ id: a.session })
const order = (a: Ids) => ({ id: a.order })
const ROUTES: Record<string, Entry> = {
  'GET /health': { kind: 'public' },
  'GET /openapi.json': { kind: 'public' },
  'GET /livez': { kind: 'public' },
  'GET /offline': { kind: 'public' },
  'GET /help': { kind: 'public' },
  'GET /sw.js': { kind: 'public' },
  'GET /login': { kind: 'public' },
  'POST /login': { kind: 'public' },
  'GET /register': { kind: 'public' },
  'POST /register': { kind: 'public' },
  'POST /api/auth/register': { kind: 'public' },
  'POST /api/auth/login': { kind: 'public' },
  'POST /api/auth/password-reset': { kind: 'public' },
  'GET /password/forgot': { kind: 'public' },
  'POST /password/forgot': { kind: 'public' },
  'GET /password/reset/:token': { kind: 'public' },
  'POST /password/reset': { kind: 'public' },
  'GET /email/confirm/:token': { kind: 'public' },
  'POST /email/confirm': { kind: 'public' },
  'GET /email/revert/:token': { kind: 'public' },
  'POST /email/revert': { kind: 'public' },
  'POST /api/auth/password-reset/confirm': { kind: 'public' },
  'POST /api/auth/email-confirm': { kind: 'public' },
  // A shared list, on purpose: whoever holds the link (tests/functional/sharing.spec.ts)
  'GET /s/:token': { kind: 'public' },
  'GET /s/:token/*': { kind: 'public' },

  'GET /': { kind: 'own' },
  'POST /roll': { kind: 'own' },
  'POST /roll/override': { kind: 'foreign', body: { thread_id: 0 } },
  'POST /roll/skip': { kind: 'own' },
  'POST /roll/snooze': { kind: 'own' },
  'DELETE /session/snoozes/:thread_id': {
    kind: 'foreign',
    params: (a) => ({ thread_id: a.thread }),
  },
  'POST /session/die': { kind: 'own', body: { die: 8 } },
  'DELETE /session/die': { kind: 'own' },
  'GET /roll/filter': { kind: 'own' },
  'POST /session/filter': { kind: 'own', body: { include: ['horror'] } },
  'DELETE /session/filter': { kind: 'own' },
  'GET /rate': { kind: 'own' },
  'POST /rate': { kind: 'own', body: { rating: 4 } },
  'GET /queue': { kind: 'own' },
  'GET /queue/share': { kind: 'own' },
  'POST /queue/shares': { kind: 'own' },
  'GET /shares/:id/revoke': { kind: 'foreign', params: (a) => ({ id: a.share }) },
  'DELETE /shares/:id': { kind: 'foreign', params: (a) => ({ id: a.share }) },
  'POST /queue/:id/:to': { kind: 'foreign', params: (a) => ({ id: a.thread, to: 'front' }) },
  'POST /threads': {
    kind: 'own',
    body: { title: 'B thread', format: 'Issue', issues_remaining: 2 },
  },
  'POST /threads/list': {
    kind: 'own',
    body: { titles: 'B one\nB two', format: 'Issue', issues_remaining: 2 },
  },
  'GET /threads/:id': { kind: 'foreign', params: thread },
  'GET /threads/:id/edit': { kind: 'foreign', params: thread },
  'PUT /threads/:id': {
    kind: 'foreign',
    params: thread,
    body: { title: 'Taken', format: 'Trade', issues_remaining: 1 },
  },
  'GET /threads/:id/delete': { kind: 'foreign', params: thread },
  'DELETE /threads/:id': { kind: 'foreign', params: thread },
  'POST /threads/:id/reactivation': {
    kind: 'foreign',
    params: (a) => ({ id: a.completed }),
    body: { issues_to_add: 2 },
  },
  'POST /threads/:id/issues': { kind: 'foreign', params: thread, body: { numbers: '90-91' } },
  'POST /issues/:id/read': { kind: 'foreign', params: issue },
  'POST /issues/:id/read-through': { kind: 'foreign', params: issue },
  'DELETE /issues/:id/read': { kind: 'foreign', params: issue },
  'DELETE /issues/:id': { kind: 'foreign', params: issue },
  'GET /history': { kind: 'own' },
  'GET /analytics': { kind: 'own' },
  'GET /review/:year': { kind: 'own', params: () => ({ year: 2026 }) },
  'PUT /analytics/goal': { kind: 'own', body: { unit: 'issues', per: 'week', target: 5 } },
  'DELETE /analytics/goal': { kind: 'own' },
  'PUT /account/goal': { kind: 'own', body: { unit: 'issues', per: 'week', target: 5 } },
  'DELETE /account/goal': { kind: 'own' },
  'GET /history/:id': { kind: 'foreign', params: session },
  'GET /history/:id/restore': { kind: 'foreign', params: session },
  'POST /history/:id/restore': { kind: 'foreign', params: session },
  'POST /undo': { kind: 'own' },
  'GET /account/export.json': { kind: 'own' },
  'GET /account/export.csv': { kind: 'own' },
  'GET /account/export.md': { kind: 'own' },
  'POST /account/import/:kind': { kind: 'own', params: () => ({ kind: 'threads' }) },
  'GET /sessions/:id': { kind: 'foreign', params: session },
  'GET /react': { kind: 'own' },
  'GET /react/*': { kind: 'own', params: () => ({ '*': 'anything' }) },
  'POST /logout': { kind: 'own' },
  'GET /account': { kind: 'own' },
  'PUT /account/password': {
    kind: 'own',
    body: { current_password: 'nope nope', password: 'another long one' },
  },
  'PUT /account/settings': { kind: 'own', body: { session_gap_hours: 3, start_die: 8 } },
  'GET /account/sign-out-everywhere': { kind: 'own' },
  'PUT /account/email': {
    kind: 'own',
    body: { email: 'b-moved@example.com', current_password: 'nope nope' },
  },
  'GET /account/delete': { kind: 'own' },
  'DELETE /account': { kind: 'own', body: { password: 'nope nope' } },
  'DELETE /account/tokens': { kind: 'own' },
  'DELETE /account/tokens/:id': { kind: 'foreign', params: (a) => ({ id: a.token }) },

  'POST /api/auth/logout': { kind: 'own' },
  'GET /api/auth/me': { kind: 'own' },
  'PATCH /api/auth/me': {
    kind: 'own',
    body: { email: 'b-new@example.com', current_password: 'nope nope' },
  },
  'DELETE /api/auth/me': { kind: 'own', body: { password: 'nope nope' } },
  'DELETE /api/auth/me/pending-email': { kind: 'own' },
  'DELETE /account/email/pending': { kind: 'own' },
  'GET /api/threads/stale': { kind: 'own' },
  'GET /api/threads': { kind: 'own' },
  'GET /api/tags': { kind: 'own' },
  'GET /api/goals': { kind: 'own' },
  'PUT /api/goals': { kind: 'own', body: { unit: 'issues', per: 'week', target: 5 } },
  'DELETE /api/goals': { kind: 'own' },
  'GET /api/review/:year': { kind: 'own', params: () => ({ year: 2026 }) },
  'POST /api/threads': {
    kind: 'own',
    body: { title: 'B thread', format: 'Issue', issues_remaining: 2 },
  },
  'GET /api/threads/:id': { kind: 'foreign', params: thread },
  'PATCH /api/threads/:id': { kind: 'foreign', params: thread, body: { title: 'Taken' } },
  'DELETE /api/threads/:id': { kind: 'foreign', params: thread },
  'POST /api/threads/:id/reactivate': {
    kind: 'foreign',
    params: (a) => ({ id: a.completed }),
    body: { issues_to_add: 2 },
  },
  'GET /api/threads/:id/issues': { kind: 'foreign', params: thread },
  'POST /api/threads/:id/issues': { kind: 'foreign', params: thread, body: { numbers: '90-91' } },
  'POST /api/issues/:id/read': { kind: 'foreign', params: issue },
  'POST /api/issues/:id/read-through': { kind: 'foreign', params: issue },
  'DELETE /api/issues/:id/read': { kind: 'foreign', params: issue },
  'DELETE /api/issues/:id': { kind: 'foreign', params: issue },
  'GET /api/queue': { kind: 'own' },
  'POST /api/queue/:id/front': { kind: 'foreign', params: thread },
  'POST /api/queue/:id/back': { kind: 'foreign', params: thread },
  'POST /api/queue/:id/position': { kind: 'foreign', params: thread, body: { position: 1 } },
  'GET /api/session': { kind: 'own' },
  'POST /api/session/die': { kind: 'own', body: { die: 8 } },
  'DELETE /api/session/die': { kind: 'own' },
  'POST /api/session/filter': { kind: 'own', body: { include: ['horror'] } },
  'DELETE /api/session/filter': { kind: 'own' },
  'POST /api/session/finish': { kind: 'own' },
  'DELETE /api/session/snoozes/:thread_id': {
    kind: 'foreign',
    params: (a) => ({ thread_id: a.thread }),
  },
  'GET /api/settings': { kind: 'own' },
  'PATCH /api/settings': { kind: 'own', body: { low_rating_placement: 'after_pool' } },
  'POST /api/roll': { kind: 'own' },
  'POST /api/roll/override': { kind: 'foreign', body: { thread_id: 0 } },
  'POST /api/roll/skip': { kind: 'own' },
  'POST /api/roll/snooze': { kind: 'own' },
  'POST /api/rate': { kind: 'own', body: { rating: 4 } },
  'GET /api/sessions': { kind: 'own' },
  'GET /api/sessions/:id': { kind: 'foreign', params: session },
  'POST /api/sessions/:id/restore-start': { kind: 'foreign', params: session },
  'POST /api/undo': { kind: 'own' },
  'GET /api/export.json': { kind: 'own' },
  'GET /api/export.csv': { kind: 'own' },
  'GET /api/export.md': { kind: 'own' },
  'POST /api/import/threads': { kind: 'own' },
  'POST /api/import/reviews': { kind: 'own' },
  'POST /api/import/json': { kind: 'own' },
  'POST /api/orders/import': { kind: 'own' },
  'GET /orders': { kind: 'own' },
  'POST /orders/preview': { kind: 'own', body: { lines: 'A one #2' } },
  'POST /orders': { kind: 'own' },
  'GET /orders/:id': { kind: 'foreign', params: order },
  'PATCH /orders/:id': { kind: 'foreign', params: order, body: { name: 'Taken' } },
  'GET /orders/:id/delete': { kind: 'foreign', params: order },
  'DELETE /orders/:id': { kind: 'foreign', params: order },
  'GET /orders/:id/export.cbl': { kind: 'foreign', params: order },
  'GET /orders/:id/share': { kind: 'foreign', params: order },
  'POST /orders/:id/shares': { kind: 'foreign', params: order },
  'POST /orders/:id/issues/:issue_id/read': {
    kind: 'foreign',
    params: (a) => ({ id: a.order, issue_id: a.issue }),
  },
  'DELETE /orders/:id/issues/:issue_id/read': {
    kind: 'foreign',
    params: (a) => ({ id: a.order, issue_id: a.issue }),
  },
  'GET /api/shares': { kind: 'own' },
  'POST /api/shares': { kind: 'foreign', body: { what: 'order', order_id: 0 } },
  'DELETE /api/shares/:id': { kind: 'foreign', params: (a) => ({ id: a.share }) },
  'GET /api/orders': { kind: 'own' },
  'POST /api/orders': {
    kind: 'own',
    body: { name: 'B order', entries: [{ series: 'A one', number: '2' }] },
  },
  'GET /api/orders/:id': { kind: 'foreign', params: order },
  'PATCH /api/orders/:id': { kind: 'foreign', params: order, body: { name: 'Taken' } },
  'DELETE /api/orders/:id': { kind: 'foreign', params: order },
  'GET /api/orders/:id/export.cbl': { kind: 'foreign', params: order },

  'GET /api/admin/users': { kind: 'admin' },
  'GET /api/admin/export.json': { kind: 'admin' },
  'POST /api/admin/users/:id/revoke-tokens': { kind: 'admin', params: () => ({ id: 1 }) },
  'GET /debug/errors': { kind: 'admin' },
  'POST /debug/trigger-500': { kind: 'admin' },
}

function registeredRoutes() {
  return Object.values(router.toJSON())
    .flat()
    .flatMap((entry) =>
      entry.methods.filter((m) => m !== 'HEAD').map((method) => `${method} ${entry.pattern}`)
    )
}

function fill(pattern: string, params: Record<string, string | number>) {
  return pattern.replace(/:(\w+)|\*/g, (_token, name) => String(params[name ?? '*']))
}

/** A's data as rows, to compare before and after B's requests. */
async function snapshotOf(userId: number) {
  const [threads, issues, sessions, events, tokens, user, orders, entries, shares] =
    await Promise.all([
      db.from('threads').where('user_id', userId).orderBy('id'),
      db.from('issues').where('user_id', userId).orderBy('id'),
      db.from('reading_sessions').where('user_id', userId).orderBy('id'),
      db.from('events').where('user_id', userId).orderBy('id'),
      db
        .from('access_tokens')
        .where('user_id', userId)
        .orderBy('id')
        .select('id', 'revoked_at', 'expires_at'),
      db
        .from('users')
        .where('id', userId)
        .select('email', 'password', 'is_admin', 'start_die', 'session_gap_hours')
        .first(),
      db.from('reading_orders').where('user_id', userId).orderBy('id'),
      db.from('order_entries').where('user_id', userId).orderBy('id'),
      db.from('shares').where('user_id', userId).orderBy('id'),
    ])
  return { threads, issues, sessions, events, tokens, user, orders, entries, shares }
}

test.group('Isolation matrix (every route, reader B against reader A)', (group) => {
  group.each.setup(() => resetDatabase())

  test('every registered route is classified', ({ assert }) => {
    const missing = registeredRoutes().filter((key) => !ROUTES[key])
    assert.deepEqual(missing, [], 'routes without an isolation entry')
  })

  test("reader B never reaches reader A's data", async ({ client, assert }) => {
    const a = await registerReader(client)
    const call = (method: 'post', path: string, body: object = {}) =>
      client[method](path)
        .header('authorization', `Bearer ${a.token}`)
        .json(body as never)
    const created = await call('post', route('api.threads.store'), {
      title: 'A one',
      format: 'Trade',
      issues_remaining: 3,
    })
    await call('post', route('api.threads.store'), {
      title: 'A two',
      format: 'Trade',
      issues_remaining: 3,
    })
    const done = await call('post', route('api.threads.store'), {
      title: 'A done',
      format: 'Trade',
      issues_remaining: 0,
    })
    const issues = await call(
      'post',
      route('api.threads.issues.store', { id: created.body().id }),
      { numbers: '1-3' }
    )
    const roll = await call('post', route('api.roll.store'))
    const made = await call('post', route('api.orders.store'), {
      name: 'A order',
      entries: [
        { series: 'A one', number: '2' },
        { series: 'A two', number: '1' },
      ],
    })
    made.assertStatus(201)
    const shared = await call('post', route('api.shares.store'), { what: 'queue' })
    shared.assertStatus(201)
    const ids: Ids = {
      share: shared.body().id,
      order: made.body().id,
      issue: issues.body().data[1].id,
      thread: created.body().id,
      completed: done.body().id,
      session: roll.body().session.id,
      token: (await db.from('access_tokens').where('user_id', a.user.id).first()).id,
    }
    const before = await snapshotOf(a.user.id)

    const b = await registerReader(client)
    const pages = await signedInPages(b.email)
    let bToken = b.token
    const SIGNS_B_OUT = ['POST /logout', 'DELETE /account/tokens', 'POST /api/auth/logout']
    const problems: string[] = []
    for (const key of registeredRoutes()) {
      const entry = ROUTES[key]
      if (!entry || entry.kind === 'public') continue
      const [method, pattern] = key.split(' ')
      const path = fill(pattern, entry.params?.(ids) ?? { id: ids.thread })
      const body = { ...entry.body }
      if ('thread_id' in body) body.thread_id = ids.thread
      if ('order_id' in body) body.order_id = ids.order
      const api = /^\/(api|debug)\//.test(pattern)

      let status: number
      let location: string | null = null
      if (api) {
        const response = await fetch(`${BASE_URL}${path}`, {
          method,
          headers: { 'authorization': `Bearer ${bToken}`, 'content-type': 'application/json' },
          body: method === 'GET' ? undefined : JSON.stringify(body),
        })
        status = response.status
      } else {
        await pages.get(route('account.show'))
        const spoofed = method === 'GET' || method === 'POST' ? path : `${path}?_method=${method}`
        const response =
          method === 'GET'
            ? await pages.get(path)
            : await pages.post(spoofed, body as Record<string, string>)
        status = response.status
        location = response.location
        if (method === 'GET' && status === 302 && location && entry.kind === 'foreign') {
          status = (await pages.get(location)).status
        }
      }
      if (SIGNS_B_OUT.includes(key)) {
        pages.cookies = (await signedInPages(b.email)).cookies
        const login = await client
          .post(route('api.access_tokens.store'))
          .json({ email: b.email, password: PASSWORD })
        bToken = login.body().token
      }

      if (entry.kind === 'admin' && status !== 403)
        problems.push(`${key}: expected 403, got ${status}`)
      if (entry.kind === 'foreign' && status !== 404) {
        problems.push(`${key}: expected 404, got ${status}${location ? ` → ${location}` : ''}`)
      }
      if (status >= 500) problems.push(`${key}: ${status}`)
    }
    assert.deepEqual(problems, [])
    assert.deepEqual(await snapshotOf(a.user.id), before, "reader A's data changed")
  }).timeout(60000)
})

/** Forms for signed-out browsers, and forms that upload a file. */
const GUEST_FORMS = new Set(['POST /login', 'POST /register'])
const UPLOAD_FORMS = new Set(['POST /account/import/:kind', 'POST /orders/preview'])

test.group('CSRF on every form', (group) => {
  group.each.setup(() => resetDatabase())

  test('every cookie-authenticated form post without a valid CSRF token is refused and changes nothing', async ({
    client,
    assert,
  }) => {
    // Given a reader with a thread, a session and a signed-in browser
    const b = await registerReader(client)
    await client
      .post(route('api.threads.store'))
      .header('authorization', `Bearer ${b.token}`)
      .json({ title: 'Mine', format: 'Trade', issues_remaining: 3 })
    await client.post(route('api.roll.store')).header('authorization', `Bearer ${b.token}`)
    const ownThread = (await db.from('threads').where('user_id', b.user.id).first()).id
    const issues = await client
      .post(route('api.threads.issues.store', { id: ownThread }))
      .header('authorization', `Bearer ${b.token}`)
      .json({ numbers: '1-2' })
    const own = await client
      .post(route('api.orders.store'))
      .header('authorization', `Bearer ${b.token}`)
      .json({ name: 'Mine', entries: [{ series: 'Mine', number: '1' }] })
    const shared = await client
      .post(route('api.shares.store'))
      .header('authorization', `Bearer ${b.token}`)
      .json({ what: 'queue' })
    const ids: Ids = {
      share: shared.body().id,
      order: own.body().id,
      issue: issues.body().data[0].id,
      thread: ownThread,
      completed: ownThread,
      session: (await db.from('reading_sessions').where('user_id', b.user.id).first()).id,
      token: (await db.from('access_tokens').where('user_id', b.user.id).first()).id,
    }
    const before = await snapshotOf(b.user.id)
    const pages = await signedInPages(b.email)
    const problems: string[] = []
    const formRoutes = registeredRoutes().filter(
      (key) => !key.startsWith('GET ') && !/ \/(api|debug)\//.test(key)
    )
    assert.isAtLeast(formRoutes.length, 20)
    // When each form route is posted without a token, and with a forged one
    // Then each answers at once with its page saying "This form had expired", and
    // nothing of the reader's changed
    for (const key of formRoutes) {
      const [method, pattern] = key.split(' ')
      const path = fill(pattern, ROUTES[key]?.params?.(ids) ?? { id: ids.thread })
      const spoofed =
        method === 'POST' ? path : `${path}${path.includes('?') ? '&' : '?'}_method=${method}`
      for (const csrf of [false, 'forged-token'] as const) {
        // Sign-in and registration are for signed-out browsers (a signed-in one is sent home).
        const browser = GUEST_FORMS.has(key) ? new PageClient() : pages
        await browser.get(GUEST_FORMS.has(key) ? route('session.create') : route('account.show'))
        const fields = (ROUTES[key]?.body ?? {}) as Record<string, string>
        const response = UPLOAD_FORMS.has(key)
          ? await browser.postFile(spoofed, { name: 'pile.csv', text: 'title\n' }, fields, { csrf })
          : await browser.post(spoofed, fields, { csrf })
        if (response.status !== 403 || !response.html.includes('This form had expired')) {
          problems.push(`${key} (${csrf || 'no token'}): ${response.status} → ${response.location}`)
        }
      }
    }
    assert.deepEqual(problems, [])
    const after = await snapshotOf(b.user.id)
    assert.deepEqual({ ...after, tokens: [] }, { ...before, tokens: [] })
    assert.lengthOf(after.tokens, before.tokens.length + 1, 'only the page sign-in added a token')
    assert.isTrue(
      after.tokens.every((token) => token.revoked_at === null),
      'no token was revoked'
    )
  }).timeout(60000)
})
