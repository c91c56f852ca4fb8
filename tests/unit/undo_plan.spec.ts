import { test } from '@japa/runner'
import { undoPlan } from '#domain/undo_plan'

const entry = (id: number, position: number | null, eventIds: number[] = []) => ({
  row: { id },
  position,
  eventIds,
})

test.group('Undo plan', () => {
  test('threads come back in the order of their old positions, completed ones last', ({
    assert,
  }) => {
    // Given a snapshot that touched threads at positions 3, 1, none and 2
    const plan = undoPlan({
      threads: [entry(30, 3), entry(10, 1), entry(99, null), entry(20, 2)],
    })
    // Then they are put back 1, 2, 3, then the completed one
    assert.deepEqual(
      plan.threads.map((t) => t.row.id),
      [10, 20, 30, 99]
    )
  })

  test('events a deletion unlinked point at their thread again', ({ assert }) => {
    // Given a deleted thread that had events, and one that had none
    const plan = undoPlan({ threads: [entry(7, 2, [70, 71]), entry(8, 1)] })
    // Then only the first relinks, with its events
    assert.deepEqual(plan.relinks, [{ threadId: 7, eventIds: [70, 71] }])
  })
})
