import { test } from '@japa/runner'
import {
  DICE,
  compactLadder,
  dieStepText,
  queueMoveFor,
  ratingEffect,
  ratingPreviews,
  stars,
  stepDie,
} from '#domain/ladder'

test.group('Dice ladder', () => {
  test('a good rating steps one rung down, a meh one one rung up', ({ assert }) => {
    // Given a d6, a d12 and a d10; when rated; then the die steps one rung
    assert.equal(stepDie(6, 4), 4)
    assert.equal(stepDie(6, 5), 4)
    assert.equal(stepDie(6, 3.5), 8)
    assert.equal(stepDie(12, 0.5), 20)
    assert.equal(stepDie(10, 4.5), 8)
  })

  test('the ends of the ladder stay put', ({ assert }) => {
    // Given the smallest and the largest die; when rated past the end; then they stay
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

  test('4.0 and up goes to the front, below it to the back', ({ assert }) => {
    assert.equal(queueMoveFor(4), 'front')
    assert.equal(queueMoveFor(3.5), 'back')
  })

  test('stars: whole stars and a half', ({ assert }) => {
    assert.equal(stars(4.5), '★★★★½')
    assert.equal(stars(0.5), '½')
    assert.equal(stars(3), '★★★')
  })
})

test.group('What a rating does', () => {
  test('a read that leaves issues moves the thread and steps the die', ({ assert }) => {
    // Given a thread with 5 issues left, read on a d6
    // When 2 issues are read and rated 4.5
    const effect = ratingEffect(6, 4.5, 5, 2)
    // Then 3 are left, it goes to the front and the die steps down
    assert.deepEqual(effect, {
      dieAfter: 4,
      issuesRead: 2,
      issuesRemaining: 3,
      completed: false,
      queueMove: 'front',
      good: true,
    })
  })

  test('reading the last issues completes the thread: it moves nowhere', ({ assert }) => {
    // Given 2 issues left; when 3 are said to be read, rated 2.0
    const effect = ratingEffect(8, 2, 2, 3)
    // Then only 2 count, the thread completes, and the die still steps up
    assert.equal(effect.issuesRead, 2)
    assert.isTrue(effect.completed)
    assert.isNull(effect.queueMove)
    assert.equal(effect.dieAfter, 10)
  })

  test('the rate page previews each rating, leaving issues or completing', ({ assert }) => {
    // Given a d6
    const previews = ratingPreviews(6)
    // Then each rating says where the thread goes and what the die does
    const good = previews.find((p) => p.rating === 4)!
    const meh = previews.find((p) => p.rating === 3.5)!
    assert.equal(good.moves, 'Moves to the front · die steps down to d4')
    assert.equal(meh.moves, 'Moves to the back · die steps up to d8')
    assert.equal(meh.completes, 'Completes the thread · die steps up to d8')
    assert.equal(dieStepText(20, 20), 'stays d20')
    assert.lengthOf(previews, 10)
  })
})

test.group('Compact ladder (the roll page)', () => {
  test('runs of one die fold, the last five runs show, the dice before them are counted', ({
    assert,
  }) => {
    assert.deepEqual(compactLadder([6, 4]), {
      earlier: 0,
      rungs: [
        { die: 6, times: 1 },
        { die: 4, times: 1 },
      ],
    })
    const path = [6, 4, 6, 8, 10, 12, 20, 20, 20, 12]
    assert.deepEqual(compactLadder(path), {
      earlier: 3,
      rungs: [
        { die: 8, times: 1 },
        { die: 10, times: 1 },
        { die: 12, times: 1 },
        { die: 20, times: 3 },
        { die: 12, times: 1 },
      ],
    })
    assert.deepEqual(compactLadder([20, 20, 20, 20]), {
      earlier: 0,
      rungs: [{ die: 20, times: 4 }],
    })
  })
})
