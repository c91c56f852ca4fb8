import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { Validator } from '@seriousme/openapi-schema-validator'
import { resetDatabase } from '#tests/support/database'
import { apiReader } from '#tests/support/accounts'
import { startChildServer } from '#tests/support/child_server'
import { BASE_URL } from '#tests/bootstrap'

type Document = {
  openapi: string
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
}

async function fetchDocument(base = BASE_URL): Promise<Document> {
  const response = await fetch(`${base}/openapi.json`)
  if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}`)
  return (await response.json()) as Document
}

/** `METHOD /path/{param}` of every documented operation. */
function documented(document: Document) {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`)
  )
}

/** `METHOD /path/{param}` of every route this server registers that the API reference covers. */
function registered() {
  return Object.values(router.toJSON())
    .flat()
    .filter((route) => /^\/(api|debug)\//.test(route.pattern) || route.pattern === '/health')
    .flatMap((route) =>
      route.methods
        .filter((method) => method !== 'HEAD')
        .map((method) => `${method} ${route.pattern.replace(/:(\w+)/g, '{$1}')}`)
    )
}

/**
 * Checks an answer against the document's schema for its route, status and type: a
 * JSON body must match the schema exactly (no field missing, none undocumented).
 */
function answerChecker(document: Document) {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true })
  addFormats.default(ajv)
  // The document's own keys are not schema keywords; only the schemas inside it are compiled.
  ajv.addVocabulary(['openapi', 'info', 'jsonSchemaDialect', 'security', 'tags', 'paths'])
  ajv.addVocabulary(['components'])
  ajv.addSchema({ ...document, $id: 'openapi' })
  const checked = new Set<string>()
  const pointer = (...parts: string[]) =>
    parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')

  return {
    checked,
    check(method: string, path: string, status: number, type: string | null, body: unknown) {
      const responses = document.paths[path]?.[method]?.responses
      if (!responses) throw new Error(`${method} ${path} is not documented`)
      const answer = responses[String(status)] as
        { $ref?: string; content?: Record<string, unknown> } | undefined
      if (!answer) throw new Error(`${method} ${path} does not document a ${status}`)
      const resolved = answer.$ref
        ? (document as any).components.responses[answer.$ref.split('/').pop()!]
        : answer
      if (!resolved.content) {
        if (body !== '' && body !== undefined && body !== null) {
          throw new Error(`${method} ${path} ${status} documents no body but answered one`)
        }
      } else {
        const mediaTypes = Object.keys(resolved.content)
        const media = mediaTypes.find((m) => type?.startsWith(m.split(';')[0]))
        if (!media)
          throw new Error(`${method} ${path} ${status} answered ${type}, not ${mediaTypes}`)
        const location = answer.$ref
          ? `openapi#/components/responses/${answer.$ref.split('/').pop()}/content/${pointer(media)}/schema`
          : `openapi#/paths/${pointer(path, method, 'responses', String(status))}/content/${pointer(media)}/schema`
        const validate = ajv.compile({ $ref: location })
        if (!validate(body)) {
          throw new Error(
            `${method} ${path} ${status} does not match its schema: ${ajv.errorsText(validate.errors, { separator: '\n' })}\n${JSON.stringify(body).slice(0, 2000)}`
          )
        }
      }
      checked.add(`${method.toUpperCase()} ${path} ${status}`)
    },
  }
}

test.group('API reference: /openapi.json', (group) => {
  group.each.setup(() => resetDatabase())

  test('is public, valid OpenAPI 3.1, and documents exactly the routes registered', async ({
    assert,
  }) => {
    const response = await fetch(`${BASE_URL}/openapi.json`)
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/)
    const document = (await response.json()) as Document
    assert.equal(document.openapi, '3.1.0')

    const validator = new Validator()
    const result = await validator.validate(document as never)
    assert.isTrue(result.valid, JSON.stringify(result.errors, null, 2))
    assert.equal(validator.version, '3.1')

    // This in-process server registers the admin and debug routes: they are documented too
    assert.sameMembers(documented(document), registered())
    assert.include(documented(document), 'GET /api/admin/users')
    assert.include(documented(document), 'POST /debug/trigger-500')
  })

  test('a production server without the flags documents no admin or debug route', async ({
    assert,
  }) => {
    const server = await startChildServer({})
    try {
      const paths = documented(await fetchDocument(server.url))
      assert.isNotEmpty(paths)
      assert.notExists(paths.find((p) => /\/api\/admin\/|\/debug\//.test(p)))
      assert.include(paths, 'POST /api/rate')
    } finally {
      await server.stop()
    }
  })

  test('real answers of the API match their documented schemas', async ({ client, assert }) => {
    const document = await fetchDocument()
    const { checked, check } = answerChecker(document)
    const reader = await apiReader(client)
    const send = async (
      method: 'get' | 'post' | 'patch' | 'delete',
      path: string,
      documentedPath: string,
      body?: object,
      token: string | null = reader.token
    ) => {
      const response = await fetch(`${BASE_URL}${path}`, {
        method: method.toUpperCase(),
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      })
      const type = response.headers.get('content-type')
      const text = await response.text()
      const parsed = type?.startsWith('application/json') && text ? JSON.parse(text) : text
      check(method, documentedPath, response.status, type, parsed)
      return { status: response.status, body: parsed }
    }

    await send('get', '/health', '/health', undefined, null)
    const email = `schema-${Date.now()}@example.com`
    await send(
      'post',
      '/api/auth/register',
      '/api/auth/register',
      {
        email,
        password: 'a long enough passphrase',
      },
      null
    )
    await send(
      'post',
      '/api/auth/login',
      '/api/auth/login',
      {
        email,
        password: 'a long enough passphrase',
      },
      null
    )
    await send(
      'post',
      '/api/auth/login',
      '/api/auth/login',
      { email, password: 'wrong one!' },
      null
    )
    await send('get', '/api/auth/me', '/api/auth/me')
    await send('get', '/api/auth/me', '/api/auth/me', undefined, 'not.a.token')

    const created = await send('post', '/api/threads', '/api/threads', {
      title: 'Saga',
      format: 'Trade',
      issues_remaining: 3,
      review_url: 'https://example.com/saga',
    })
    const saga = created.body.id
    await send('post', '/api/threads', '/api/threads', {
      title: 'Monstress',
      format: 'Issue',
      issues_remaining: 12,
      at: 'bottom',
    })
    await send('post', '/api/threads', '/api/threads', { title: '', format: 'x' })
    await send('get', '/api/threads', '/api/threads')
    await send('get', '/api/threads?status=active&per_page=1', '/api/threads')
    await send('get', `/api/threads/${saga}`, '/api/threads/{id}')
    await send('get', '/api/threads/999999', '/api/threads/{id}')
    await send('patch', `/api/threads/${saga}`, '/api/threads/{id}', { notes: 'Vol 1 done' })
    await send('get', '/api/threads/stale?days=1', '/api/threads/stale')
    await send('get', '/api/queue', '/api/queue')
    await send('post', `/api/queue/${saga}/back`, '/api/queue/{id}/back')
    await send('post', `/api/queue/${saga}/position`, '/api/queue/{id}/position', { position: 1 })
    await send('get', '/api/settings', '/api/settings')
    await send('patch', '/api/settings', '/api/settings', { time_zone: 'Europe/Paris' })

    const issues = await send('post', `/api/threads/${saga}/issues`, '/api/threads/{id}/issues', {
      numbers: '1-3',
    })
    await send('get', `/api/threads/${saga}/issues`, '/api/threads/{id}/issues')
    await send('post', `/api/issues/${issues.body.data[0].id}/read`, '/api/issues/{id}/read')

    await send('get', '/api/session', '/api/session')
    await send('post', '/api/rate', '/api/rate', { rating: 4 })
    await send('post', '/api/session/die', '/api/session/die', { die: 8 })
    await send('delete', '/api/session/die', '/api/session/die')
    await send('post', '/api/roll', '/api/roll')
    await send('post', '/api/roll/snooze', '/api/roll/snooze')
    await send('post', '/api/roll/override', '/api/roll/override', { thread_id: saga })
    await send('post', '/api/rate', '/api/rate', { rating: 4.5, issues_read: 1 })
    await send('get', '/api/session', '/api/session')
    const sessions = await send('get', '/api/sessions', '/api/sessions')
    await send('get', `/api/sessions/${sessions.body.data[0].id}`, '/api/sessions/{id}')
    await send('post', '/api/undo', '/api/undo')
    await send('get', '/api/export.json', '/api/export.json')
    await send('get', '/api/export.csv', '/api/export.csv')
    const shared = await send('post', '/api/shares', '/api/shares', { what: 'queue' })
    await send('post', '/api/shares', '/api/shares', { what: 'order' })
    await send('get', '/api/shares', '/api/shares')
    await send('delete', `/api/shares/${shared.body.id}`, '/api/shares/{id}')
    await send('delete', `/api/threads/${saga}`, '/api/threads/{id}')

    const csv = await reader.upload(
      '/api/import/threads',
      'title,format,issues_remaining\nLocke,Trade,6\n'
    )
    check(
      'post',
      '/api/import/threads',
      csv.status,
      csv.headers.get('content-type'),
      await csv.json()
    )

    // Every kind of answer above was checked: successes and refusals
    for (const answer of [
      'POST /api/auth/register 201',
      'POST /api/auth/login 401',
      'GET /api/auth/me 401',
      'POST /api/threads 422',
      'GET /api/threads/{id} 404',
      'POST /api/rate 409',
      'POST /api/rate 200',
      'POST /api/roll 200',
      'GET /api/sessions/{id} 200',
      'POST /api/import/threads 200',
      'POST /api/shares 201',
      'POST /api/shares 422',
      'GET /api/shares 200',
    ]) {
      assert.isTrue(checked.has(answer), `${answer} was not checked`)
    }
    assert.isAtLeast(new Set([...checked].map((a) => a.split(' ').slice(0, 2).join(' '))).size, 30)
  })
})
