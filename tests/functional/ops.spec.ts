import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase, count } from '#tests/support/database'
import { registerReader, route } from '#tests/support/accounts'
import { startChildServer } from '#tests/support/child_server'

test.group('Internal ops and debug routes', (group) => {
  group.each.setup(() => resetDatabase())

  test('signed out: 401; signed in without admin: 403; admins get the tools', async ({
    client,
    assert,
  }) => {
    const reader = await registerReader(client)
    const admin = await registerReader(client)
    await db.from('users').where('id', admin.user.id).update({ is_admin: true })
    const routes: Array<['get' | 'post', string]> = [
      ['get', '/api/admin/users'],
      ['get', '/api/admin/export.json'],
      ['post', `/api/admin/users/${reader.user.id}/revoke-tokens`],
      ['get', '/debug/errors'],
      ['post', '/debug/trigger-500'],
    ]
    for (const [method, path] of routes) {
      ;(await client[method](path)).assertStatus(401)
      ;(await client[method](path).header('authorization', `Bearer ${reader.token}`)).assertStatus(
        403
      )
    }
    assert.equal(await count('access_tokens', { user_id: reader.user.id, revoked_at: null }), 1)

    const bearer = `Bearer ${admin.token}`
    const users = await client.get('/api/admin/users').header('authorization', bearer)
    users.assertStatus(200)
    assert.deepEqual(Object.keys(users.body().data[0]).sort(), [
      'created_at',
      'email',
      'id',
      'is_admin',
      'last_active_at',
      'thread_count',
    ])
    const exported = await client.get('/api/admin/export.json').header('authorization', bearer)
    assert.notInclude(JSON.stringify(exported.body()), '"password"')
    assert.notInclude(JSON.stringify(exported.body()), 'jti')

    const failed = await client.post('/debug/trigger-500').header('authorization', bearer)
    failed.assertStatus(500)
    assert.deepEqual(failed.body(), { errors: [{ message: 'Something went wrong on our side.' }] })
    const stats = await client.get('/debug/errors').header('authorization', bearer)
    assert.equal(stats.body().by_route['/debug/trigger-500'], 1)

    const revoked = await client
      .post(`/api/admin/users/${reader.user.id}/revoke-tokens`)
      .header('authorization', bearer)
    assert.deepEqual(revoked.body(), { revoked: 1 })
    ;(
      await client.get(route('api.me.show')).header('authorization', `Bearer ${reader.token}`)
    ).assertStatus(401)
  })

  test('in production, with the flags unset, the routes do not exist and headers are strict', async ({
    client,
    assert,
  }) => {
    const admin = await registerReader(client)
    await db.from('users').where('id', admin.user.id).update({ is_admin: true })
    const server = await startChildServer({})
    try {
      for (const path of ['/api/admin/users', '/debug/errors']) {
        const response = await fetch(`${server.url}${path}`, {
          headers: { authorization: `Bearer ${admin.token}` },
        })
        assert.equal(response.status, 404, path)
      }
      const health = await fetch(`${server.url}${route('health')}`)
      assert.deepEqual(await health.json(), { status: 'ok', database: 'ok' })
      const login = await fetch(`${server.url}${route('session.create')}`)
      assert.match(login.headers.get('strict-transport-security') ?? '', /max-age=31536000/)
      assert.include(login.headers.get('content-security-policy') ?? '', "frame-ancestors 'none'")
      assert.equal(login.headers.get('x-content-type-options'), 'nosniff')
      assert.equal(login.headers.get('referrer-policy'), 'same-origin')
      assert.match(login.headers.get('set-cookie') ?? '', /Secure/)
    } finally {
      await server.stop()
    }
  }).timeout(40000)
})
