import { test } from '@japa/runner'
import { DICE, queueMoveFor, stars, stepDie } from '#domain/ladder'

test.group('Dice ladder', () => {
  test('a good rating steps one rung down, a meh rating one rung up', ({ assert }) => {
    assert.equal(stepDie(6, 4), 4)
    assert.equal(stepDie(6, 5), 4)
    assert.equal(stepDie(6, 3.5), 8)
    assert.equal(stepDie(12, 0.5), 20)
    assert.equal(stepDie(10, 4.5), 8)
  })

  test('the ends of the ladder stay put', ({ assert }) => {
    assert.equal(stepDie(4, 5), 4)
    assert.equal(stepDie(20, 1), 20)
  })

  test('every die moves exactly one rung', ({ assert }) => {
    for (const die of DICE) {
      const index = DICE.indexOf(die)
      assert.equal(DICE.indexOf(stepDie(die, 4)), Math.max(0, index - 1))
      assert.equal(DICE.indexOf(stepDie(die, 3.5)), Math.min(5, index + 1))
    }
  })

  test('queue moves and stars', ({ assert }) => {
    assert.equal(queueMoveFor(4), 'front')
    assert.equal(queueMoveFor(3.5), 'back')
    assert.equal(stars(4.5), '★★★★½')
    assert.equal(stars(0.5), '½')
    assert.equal(stars(3), '★★★')
  })
})
