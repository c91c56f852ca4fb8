import { test } from '@japa/runner'
import { rollPool, rollPoolSize } from '#domain/roll_pool'

test.group('Roll pool', () => {
  test('the pool is the first threads of the queue, as many as the die has faces', ({ assert }) => {
    // Given a queue of 10 threads
    const queue = Array.from({ length: 10 }, (_, i) => `T${i + 1}`)
    // When the die is a d6, then a d20
    // Then the pool is the top 6, then the whole queue
    assert.deepEqual(rollPool(queue, 6), ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'])
    assert.deepEqual(rollPool(queue, 20), queue)
  })

  test('its size is the die or the queue, whichever is smaller', ({ assert }) => {
    assert.equal(rollPoolSize(6, 10), 6)
    assert.equal(rollPoolSize(20, 3), 3)
    assert.equal(rollPoolSize(4, 0), 0)
  })
})
