import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { preparedQuery } from '#services/prepared_statements'

test.group('Prepared statements', () => {
  test('a hot statement is prepared once per connection and planned generically', async ({
    assert,
  }) => {
    // One transaction: one connection, where the statement's name is remembered.
    await db.transaction(async (trx) => {
      const mode = await trx.rawQuery('SHOW plan_cache_mode')
      assert.equal(mode.rows[0].plan_cache_mode, 'force_generic_plan')
      const text = 'SELECT ?::int + 1 AS next'
      assert.equal((await preparedQuery(trx, text, [1])).rows[0].next, 2)
      assert.equal((await preparedQuery(trx, text, [41])).rows[0].next, 42)
      const prepared = await trx.rawQuery(
        `SELECT name FROM pg_prepared_statements WHERE statement = 'SELECT $1::int + 1 AS next'`
      )
      assert.lengthOf(prepared.rows, 1)
      assert.match(prepared.rows[0].name, /^cp_\d+$/)
    })
  })
})
