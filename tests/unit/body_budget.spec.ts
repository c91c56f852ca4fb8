import { test } from '@japa/runner'
import { BodyBudget } from '#services/body_budget'

test.group('Body budget', () => {
  test('holds bodies up to its bytes and refuses the next one', ({ assert }) => {
    // Given a budget of 100 bytes
    const budget = new BodyBudget(100, 1)
    // When 60 and then 40 bytes are held
    const first = budget.holdForm(60)
    const second = budget.holdForm(40)
    // Then both fit, and one more byte does not
    assert.isFunction(first)
    assert.isFunction(second)
    assert.isFalse(budget.holdForm(1))
  })

  test('a released body frees its bytes once, however often it is released', ({ assert }) => {
    // Given a full budget
    const budget = new BodyBudget(100, 1)
    const held = budget.holdForm(100) as () => void
    // When the body is released twice
    held()
    held()
    // Then its 100 bytes are free, and no more than that
    assert.isFunction(budget.holdForm(100))
    assert.isFalse(budget.holdForm(1))
  })

  test('uploads are counted by the request, apart from form bytes', ({ assert }) => {
    // Given two upload slots
    const budget = new BodyBudget(100, 2)
    // When two uploads are held
    const first = budget.holdUpload() as () => void
    budget.holdUpload()
    // Then a third waits for one to end, and forms still have their bytes
    assert.isFalse(budget.holdUpload())
    assert.isFunction(budget.holdForm(100))
    first()
    assert.isFunction(budget.holdUpload())
  })

  test('a reader holds one upload slot at a time; others still get theirs', ({ assert }) => {
    // Given three slots, and reader 1 holding one
    const budget = new BodyBudget(100, 3)
    const first = budget.holdUpload(1) as () => void
    // Then reader 1's second upload is refused while reader 2's is not
    assert.isFalse(budget.holdUpload(1))
    assert.isFunction(budget.holdUpload(2))
    // And once reader 1's first is done, they may upload again
    first()
    assert.isFunction(budget.holdUpload(1))
  })
})
