import { test } from '@japa/runner'
import { poolNeed, positionAfterPool, rollPool } from '#domain/roll_pool'

test.group('Roll pool', () => {
  test('the pool is the first threads of the queue, as many as the die has faces', ({ assert }) => {
    // Given a queue of 10 threads
    const queue = Array.from({ length: 10 }, (_, i) => `T${i + 1}`)
    // When the die is a d6, then a d20
    // Then the pool is the top 6, then the whole queue
    assert.deepEqual(rollPool(queue, 6), ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'])
    assert.deepEqual(rollPool(queue, 20), queue)
  })

  test('snoozed threads leave the pool and the next ones take their places', ({ assert }) => {
    // Given a queue of 10 threads, T2 and T5 snoozed
    const queue = Array.from({ length: 10 }, (_, i) => `T${i + 1}`)
    const snoozed = (item: string) => item === 'T2' || item === 'T5'
    // When the die is a d4, then a d20
    // Then the pool skips them, as far down the queue as it takes
    assert.deepEqual(rollPool(queue, 4, snoozed), ['T1', 'T3', 'T4', 'T6'])
    assert.lengthOf(rollPool(queue, 20, snoozed), 8)
    // And the queue is loaded that much further
    assert.equal(poolNeed(6, 4, 2), 8)
    assert.equal(poolNeed(6, 12, 0), 12)
  })

  test('right after the pool: die + 1, past snoozed threads, else the back', ({ assert }) => {
    // Given the other threads 1..9 in queue order
    const others = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    // Then after a d4's pool is position 5; with 2 snoozed, position 6
    assert.equal(positionAfterPool(others, 4), 5)
    assert.equal(positionAfterPool(others, 4, [2]), 6)
    // And with fewer threads than the die, the back (null)
    assert.isNull(positionAfterPool([1, 2, 3], 4))
    assert.equal(positionAfterPool([1, 2, 3, 4], 4), 5)
  })
})
