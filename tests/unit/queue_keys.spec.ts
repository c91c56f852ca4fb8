import { test } from '@japa/runner'
import { GAP, clampPosition, keyBetween, keyBeyond } from '#domain/queue_keys'

test.group('Queue keys', () => {
  test('the ends: a gap beyond the first or last key, 0 in an empty queue', ({ assert }) => {
    assert.equal(keyBeyond(5 * GAP, 'front'), 4 * GAP)
    assert.equal(keyBeyond(5 * GAP, 'back'), 6 * GAP)
    assert.equal(keyBeyond(null, 'front'), 0)
    assert.equal(keyBeyond(-3 * GAP, 'front'), -4 * GAP)
  })

  test('a key between two neighbours is strictly between them', ({ assert }) => {
    // Given neighbours a gap apart, then ever closer
    let after = GAP
    for (let i = 0; i < 20; i++) {
      const key = keyBetween(0, after)!
      // Then the key lies strictly between, until they touch
      assert.isAbove(key, 0)
      assert.isBelow(key, after)
      after = key
    }
    assert.equal(after, 1)
    assert.isNull(keyBetween(0, 1))
  })

  test('a position is clamped to the queue', ({ assert }) => {
    // Given 4 other threads: positions 1 to 5 are possible
    assert.equal(clampPosition(0, 4), 1)
    assert.equal(clampPosition(3.7, 4), 3)
    assert.equal(clampPosition(99, 4), 5)
    assert.equal(clampPosition(1, 0), 1)
  })
})
