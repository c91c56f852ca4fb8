import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { readTogether } from '#services/reads_together'
import { resetDatabase } from '#tests/support/database'
import { apiReader, route } from '#tests/support/accounts'

/** Two reads, the first a short sleep; what happened in which order. */
async function twoReads(client: Parameters<typeof readTogether>[0]) {
  const seen: string[] = []
  await readTogether(client, [
    async () => {
      seen.push('first started')
      await client.rawQuery('select pg_sleep(0.05)')
      seen.push('first done')
    },
    async () => {
      seen.push('second started')
      await client.rawQuery('select 1')
    },
  ])
  return seen
}

test.group('Reads together', (group) => {
  group.each.setup(() => resetDatabase())

  test('run at once on the pool and in turn in a transaction', async ({ assert }) => {
    assert.deepEqual(await twoReads(db.connection()), [
      'first started',
      'second started',
      'first done',
    ])
    await db.transaction(async (trx) => {
      assert.deepEqual(await twoReads(trx), ['first started', 'first done', 'second started'])
    })
  })

  test('a night of the ritual sends no statement while another runs on its connection', async ({
    client,
    assert,
  }) => {
    // Given a reader with two threads, listening for the driver's warnings
    const warnings: string[] = []
    const listen = (warning: Error) => warnings.push(warning.message)
    process.on('warning', listen)
    try {
      const r = await apiReader(client)
      for (const title of ['Saga', 'Monstress']) {
        await r.call('post', route('api.threads.store'), {
          title,
          format: 'Trade',
          issues_remaining: 3,
        })
      }

      // When they roll, snooze, roll, rate, undo and read their history
      for (const [method, name, body] of [
        ['post', 'api.roll.store', {}],
        ['post', 'api.roll.snooze', {}],
        ['post', 'api.roll.store', {}],
        ['post', 'api.rate.store', { rating: 4, issues_read: 1 }],
        ['post', 'api.undo.store', {}],
        ['get', 'api.sessions.index', {}],
      ] as const) {
        const response = await r.call(method, route(name), body)
        assert.isBelow(response.status(), 300, name)
      }
      await new Promise((settled) => setImmediate(settled))

      // Then the driver never had to queue a statement behind another
      assert.deepEqual(
        warnings.filter((message) => message.includes('already executing a query')),
        []
      )
    } finally {
      process.off('warning', listen)
    }
  })
})
