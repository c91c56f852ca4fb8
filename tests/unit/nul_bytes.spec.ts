import { test } from '@japa/runner'
import { findNulField } from '#services/nul_bytes'

test.group('NUL characters in input', () => {
  test('names the field that holds one, at any depth', ({ assert }) => {
    assert.equal(findNulField({ title: 'ok', notes: 'a\0b' }), 'notes')
    assert.equal(findNulField({ threads: [{ title: 'ok' }, { title: '\0' }] }), 'threads.1.title')
    assert.equal(findNulField({ ['ke\0y']: 'v' }), 'ke\0y')
    assert.equal(findNulField('a\0'), '')
  })

  test('finds none in clean input, and leaves objects that are not plain alone', ({ assert }) => {
    assert.isNull(findNulField({ title: 'Saga', n: 3, list: ['a', null], empty: {} }))
    assert.isNull(findNulField(new Map([['a', '\0']])))
  })

  test('reads input nested far deeper than the stack would allow', ({ assert }) => {
    let deep: unknown = 'x\0'
    for (let i = 0; i < 100_000; i++) deep = [deep]
    assert.equal(findNulField(deep)?.split('.').length, 100_000)
  })
})
