import { test } from '@japa/runner'
import { spawn, spawnSync } from 'node:child_process'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase, count } from '#tests/support/database'
import { registerReader, route } from '#tests/support/accounts'

/** Runs an ace command as its own process, the way an operator would, with `input` on stdin. */
function ace(args: string[], input = '') {
  return spawnSync(process.execPath, ['--import=@poppinss/ts-exec', 'bin/console.ts', ...args], {
    cwd: app.makePath(),
    input,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      DATABASE_URL: process.env.DATABASE_URL,
      JWT_SECRET: process.env.JWT_SECRET,
      APP_KEY: process.env.APP_KEY,
      LOG_LEVEL: 'silent',
    },
  })
}

test.group('Command line', (group) => {
  group.each.setup(() => resetDatabase())

  test('user:claim gives the legacy reader an email and the password read from stdin', async ({
    client,
    assert,
  }) => {
    await db.table('users').insert({ id: 1, email: null, password: null })
    await db.rawQuery(`SELECT setval('users_id_seq', 1)`)
    const weak = ace(['user:claim', 'owner@example.com'], 'password\n')
    assert.notEqual(weak.status, 0)
    assert.include(weak.stdout + weak.stderr, 'too common')
    assert.isNull((await db.from('users').where('id', 1).first()).email)

    const claimed = ace(['user:claim', 'Owner@Example.com'], 'a long legacy passphrase\n')
    assert.equal(claimed.status, 0, claimed.stderr)
    const login = await client
      .post(route('api.access_tokens.store'))
      .json({ email: 'owner@example.com', password: 'a long legacy passphrase' })
    login.assertStatus(200)
    assert.equal(login.body().user.id, 1)

    const again = ace(['user:claim', 'other@example.com'], 'a long legacy passphrase\n')
    assert.notEqual(again.status, 0)
    assert.include(again.stdout + again.stderr, 'no unclaimed legacy reader')
  }).timeout(60000)

  test('user:admin grants and revokes; tokens:prune deletes expired rows and used links', async ({
    client,
    assert,
  }) => {
    const { email, user } = await registerReader(client)
    assert.equal(ace(['user:admin', email.toUpperCase()]).status, 0)
    assert.isTrue((await db.from('users').where('id', user.id).first()).is_admin)
    assert.equal(ace(['user:admin', email, '--revoke']).status, 0)
    assert.isFalse((await db.from('users').where('id', user.id).first()).is_admin)
    assert.notEqual(ace(['user:admin', 'nobody@example.com']).status, 0)

    await db
      .from('access_tokens')
      .where('user_id', user.id)
      .update({ expires_at: new Date(Date.now() - 3 * 86400_000) })
    // A used reset link and a live one: only the used one goes
    const link = (hash: string, used: Date | null) => ({
      user_id: user.id,
      purpose: 'password_reset',
      token_hash: hash,
      expires_at: new Date(Date.now() + 3600_000),
      used_at: used,
    })
    await db
      .table('mail_tokens')
      .multiInsert([link('a'.repeat(64), new Date()), link('b'.repeat(64), null)])
    const pruned = ace(['tokens:prune'])
    assert.equal(pruned.status, 0, pruned.stderr)
    assert.equal(await count('access_tokens', { user_id: user.id }), 0)
    const left = await db.from('mail_tokens').where('user_id', user.id).select('token_hash')
    assert.deepEqual(
      left.map((row) => row.token_hash),
      ['b'.repeat(64)]
    )
  }).timeout(60000)
})

test.group('Migrations', () => {
  test('two processes migrating one database at once take turns: both succeed', async ({
    assert,
  }) => {
    // A database of its own on the test server, empty
    const url = new URL(process.env.DATABASE_URL!)
    const name = `migrations_${process.pid}`
    await db.rawQuery(`DROP DATABASE IF EXISTS ${name}`)
    await db.rawQuery(`CREATE DATABASE ${name}`)
    url.pathname = `/${name}`
    const migrate = () =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(process.execPath, ['bin/migrate.js'], {
          cwd: app.makePath(),
          env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: url.toString() },
        })
        let output = ''
        child.stdout.on('data', (chunk) => (output += chunk))
        child.stderr.on('data', (chunk) => (output += chunk))
        child.on('close', (code) => resolve({ code, output }))
      })
    try {
      const [first, second] = await Promise.all([migrate(), migrate()])
      assert.equal(first.code, 0, first.output)
      assert.equal(second.code, 0, second.output)
      const outputs = [first.output, second.output].join('\n')
      assert.include(outputs, 'Already up to date')
      assert.notInclude(outputs, 'unable to release')
    } finally {
      await db.rawQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    }
  }).timeout(60000)
})
