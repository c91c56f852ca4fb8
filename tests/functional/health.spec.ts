import { test } from '@japa/runner'
import { route } from '#tests/support/accounts'

test.group('Health', () => {
  test('reports the database as reachable', async ({ client }) => {
    const response = await client.get(route('health'))
    response.assertStatus(200)
    response.assertBody({ status: 'ok', database: 'ok' })
    response.assertHeader('cache-control', 'no-store')
  })

  test('unknown API paths answer a JSON 404 without internals', async ({ client, assert }) => {
    const response = await client.get('/api/nope').header('accept', 'application/json')
    response.assertStatus(404)
    assert.deepEqual(response.body(), { errors: [{ message: 'Not found.' }] })
  })

  test('unknown pages answer a friendly 404 page', async ({ client, assert }) => {
    const response = await client.get('/no-such-page')
    response.assertStatus(404)
    assert.include(response.text(), 'This page is not in the pile.')
  })
})
