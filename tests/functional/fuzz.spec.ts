import { test } from '@japa/runner'
import fc from 'fast-check'
import { resetDatabase } from '#tests/support/database'
import { registerReader, signedInPages } from '#tests/support/accounts'
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

const API_BODIES: Array<[string, string, string[]]> = [
  ['POST', '/api/auth/register', ['email', 'password']],
  ['POST', '/api/auth/login', ['email', 'password']],
  ['POST', '/api/threads', ['title', 'format', 'issues_remaining', 'notes', 'review_url', 'at']],
  ['PATCH', '/api/threads/:id', ['title', 'format', 'issues_remaining', 'notes', 'review_url']],
  ['POST', '/api/threads/:id/reactivate', ['issues_to_add']],
  ['POST', '/api/queue/:id/position', ['position']],
  ['POST', '/api/session/die', ['die']],
  ['POST', '/api/roll/override', ['thread_id']],
  ['POST', '/api/rate', ['rating', 'issues_read', 'finish_session']],
  ['POST', '/api/threads/:id/issues', ['numbers']],
  [
    'PATCH',
    '/api/settings',
    ['session_gap_hours', 'start_die', 'low_rating_placement', 'time_zone'],
  ],
  ['POST', '/api/auth/password-reset', ['email']],
  ['POST', '/api/auth/password-reset/confirm', ['token', 'password']],
  ['POST', '/api/auth/email-confirm', ['token']],
  ['PATCH', '/api/auth/me', ['email', 'current_password']],
  ['DELETE', '/api/auth/me', ['password']],
]

const FORMS: Array<[string, string[]]> = [
  ['/threads', ['title', 'format', 'issues_remaining', 'at']],
  ['/threads/:id?_method=PUT', ['title', 'format', 'issues_remaining', 'notes', 'review_url']],
  ['/queue/:id/position', ['position']],
  ['/session/die', ['die']],
  ['/rate', ['rating', 'issues_read', 'finish_session']],
  ['/account/settings?_method=PUT', ['session_gap_hours', 'start_die']],
  ['/account/password?_method=PUT', ['current_password', 'password']],
  ['/login', ['email', 'password', 'next']],
  ['/threads/:id/issues', ['numbers']],
  ['/account/email?_method=PUT', ['email', 'current_password']],
  ['/password/forgot', ['email']],
  ['/password/reset', ['token', 'password']],
  ['/email/confirm', ['token']],
  ['/email/revert', ['token']],
  ['/account?_method=DELETE', ['password']],
]

test.group('Fuzzing every JSON body and form', (group) => {
  group.each.setup(() => resetDatabase())

  test('thousands of generated JSON bodies: never a 5xx, field errors on 422', async ({
    client,
    assert,
  }) => {
    const { token } = await registerReader(client)
    const headers = { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' }
    const created = await fetch(`${BASE_URL}/api/threads`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'Fuzz', format: 'Issue', issues_remaining: 100000 }),
    })
    const id = ((await created.json()) as { id: number }).id
    await fetch(`${BASE_URL}/api/roll`, { method: 'POST', headers })
    // What each route answered: the generated bodies must reach both its refusals and
    // its successes, or the property says nothing of the code past validation.
    const answered = new Map<string, Set<number>>()
    for (const [method, pattern, keys] of API_BODIES) {
      const path = pattern.replace(':id', String(id))
      const statuses = answered.set(`${method} ${pattern}`, new Set()).get(`${method} ${pattern}`)!
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
      .post('/api/threads')
      .header('authorization', `Bearer ${token}`)
      .json({ title: 'Fuzz', format: 'Issue', issues_remaining: 100000 })
    await client.post('/api/roll').header('authorization', `Bearer ${token}`)
    const pages = await signedInPages(email)
    await pages.get('/account')
    const csrf = pages.csrfToken()
    const statuses = new Set<number>()
    let routes = 0
    for (const [pattern, keys] of FORMS) {
      const path = pattern.replace(':id', String(created.body().id))
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
