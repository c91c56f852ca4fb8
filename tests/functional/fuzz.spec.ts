import { test } from '@japa/runner'
import fc from 'fast-check'
import { resetDatabase } from '#tests/support/database'
import { registerReader, signedInPages, route } from '#tests/support/accounts'
import { BASE_URL } from '#tests/bootstrap'

/** Values a client could send for a field: the right kind, the wrong kind, edge cases. */
const anyValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    0,
    -1,
    1,
    0.5,
    4,
    5,
    6,
    100000,
    100001,
    2 ** 31,
    Number.MAX_SAFE_INTEGER,
    '',
    ' ',
    '1',
    '4.5',
    'true',
    'null',
    'top',
    'bottom'
  ),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 })
)

function bodyWith(keys: string[]) {
  return fc.record(Object.fromEntries(keys.map((key) => [key, anyValue])), { requiredKeys: [] })
}

/** Each route's path for the reader's thread `id`. */
type Path = (id: number) => string

const API_BODIES: Array<[string, Path, string[]]> = [
  ['POST', () => route('api.registration.store'), ['email', 'password']],
  ['POST', () => route('api.access_tokens.store'), ['email', 'password']],
  [
    'POST',
    () => route('api.threads.store'),
    ['title', 'format', 'issues_remaining', 'notes', 'review_url', 'at'],
  ],
  [
    'PATCH',
    (id) => route('api.threads.update', { id }),
    ['title', 'format', 'issues_remaining', 'notes', 'review_url'],
  ],
  ['POST', (id) => route('api.threads.reactivate', { id }), ['issues_to_add']],
  ['POST', (id) => route('api.queue.position', { id }), ['position']],
  ['POST', () => route('api.session.die.store'), ['die']],
  ['POST', () => route('api.roll.override'), ['thread_id']],
  ['POST', () => route('api.rate.store'), ['rating', 'issues_read', 'finish_session']],
  ['POST', (id) => route('api.threads.issues.store', { id }), ['numbers']],
  ['POST', () => route('api.orders.store'), ['name', 'mode', 'entries', 'dry_run']],
  [
    'PATCH',
    () => route('api.settings.update'),
    ['session_gap_hours', 'start_die', 'low_rating_placement', 'time_zone'],
  ],
  ['POST', () => route('api.password_reset.store'), ['email']],
  ['POST', () => route('api.password_reset.confirm'), ['token', 'password']],
  ['POST', () => route('api.email_confirm.store'), ['token']],
  ['PATCH', () => route('api.me.update'), ['email', 'current_password']],
  ['DELETE', () => route('api.me.destroy'), ['password']],
]

const FORMS: Array<[Path, string[]]> = [
  [() => route('threads.store'), ['title', 'format', 'issues_remaining', 'at']],
  [
    (id) => route('threads.update', { id }, { _method: 'PUT' }),
    ['title', 'format', 'issues_remaining', 'notes', 'review_url'],
  ],
  [(id) => route('queue.move', { id, to: 'position' }), ['position']],
  [() => route('session.die.store'), ['die']],
  [() => route('rate.store'), ['rating', 'issues_read', 'finish_session']],
  [
    () => route('account.settings.update', {}, { _method: 'PUT' }),
    ['session_gap_hours', 'start_die'],
  ],
  [
    () => route('account.password.update', {}, { _method: 'PUT' }),
    ['current_password', 'password'],
  ],
  [() => route('session.store'), ['email', 'password', 'next']],
  [(id) => route('threads.issues.store', { id }), ['numbers']],
  [() => route('account.email.update', {}, { _method: 'PUT' }), ['email', 'current_password']],
  [() => route('password_reset.store'), ['email']],
  [() => route('password_reset.update'), ['token', 'password']],
  [() => route('email_change.confirm'), ['token']],
  [() => route('email_revert.store'), ['token']],
  [() => route('account.destroy', {}, { _method: 'DELETE' }), ['password']],
]

test.group('Fuzzing every JSON body and form', (group) => {
  group.each.setup(() => resetDatabase())

  test('thousands of generated JSON bodies: never a 5xx, field errors on 422', async ({
    client,
    assert,
  }) => {
    const { token } = await registerReader(client)
    const headers = { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' }
    const created = await fetch(`${BASE_URL}${route('api.threads.store')}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'Fuzz', format: 'Issue', issues_remaining: 100000 }),
    })
    const id = ((await created.json()) as { id: number }).id
    await fetch(`${BASE_URL}${route('api.roll.store')}`, { method: 'POST', headers })
    // What each route answered: the generated bodies must reach both its refusals and
    // its successes, or the property says nothing of the code past validation.
    const answered = new Map<string, Set<number>>()
    for (const [method, pathFor, keys] of API_BODIES) {
      const path = pathFor(id)
      const statuses = answered.set(`${method} ${path}`, new Set()).get(`${method} ${path}`)!
      await fc.assert(
        fc.asyncProperty(bodyWith(keys), async (body) => {
          const response = await fetch(`${BASE_URL}${path}`, {
            method,
            headers,
            body: JSON.stringify(body),
          })
          statuses.add(response.status)
          if (response.status >= 500) return false
          if (response.status === 422) {
            const answer = (await response.json()) as {
              errors: Array<{ field?: string; message: string }>
            }
            return (
              answer.errors.length > 0 &&
              answer.errors.every(
                (e) => typeof e.message === 'string' && typeof e.field === 'string'
              )
            )
          }
          await response.arrayBuffer()
          return true
        }),
        { numRuns: 160, seed: 20261125 + answered.size }
      )
    }
    const refusedSomewhere = [...answered.values()].filter((set) => set.has(422)).length
    const acceptedSomewhere = [...answered.values()].filter((set) =>
      [...set].some((status) => status < 300)
    ).length
    assert.isAtLeast(refusedSomewhere, answered.size - 2, 'most routes refused some body with 422')
    assert.isAtLeast(acceptedSomewhere, 3, 'some generated bodies were accepted')
  }).timeout(180000)

  test('generated form posts: never a 5xx', async ({ client, assert }) => {
    const { email, token } = await registerReader(client)
    const created = await client
      .post(route('api.threads.store'))
      .header('authorization', `Bearer ${token}`)
      .json({ title: 'Fuzz', format: 'Issue', issues_remaining: 100000 })
    await client.post(route('api.roll.store')).header('authorization', `Bearer ${token}`)
    const pages = await signedInPages(email)
    await pages.get(route('account.show'))
    const csrf = pages.csrfToken()
    const statuses = new Set<number>()
    let routes = 0
    for (const [pathFor, keys] of FORMS) {
      const path = pathFor(created.body().id)
      routes++
      await fc.assert(
        fc.asyncProperty(bodyWith(keys), async (body) => {
          const fields = Object.fromEntries(
            Object.entries(body).map(([k, v]) => [
              k,
              typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v),
            ])
          )
          const response = await pages.post(path, fields, { csrf })
          statuses.add(response.status)
          return response.status < 500
        }),
        { numRuns: 60, seed: 1125 + routes * 60 }
      )
    }
    // Refused forms came back as pages (422), and some were taken (a redirect)
    assert.includeMembers([...statuses], [302, 422])
  }).timeout(180000)
})
