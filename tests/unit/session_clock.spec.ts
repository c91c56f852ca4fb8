import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { isCurrent, activityDecision } from '#domain/session_clock'

const now = DateTime.fromISO('2026-11-30T21:00:00Z')
const session = (hoursAgo: number, ended = false) => ({
  lastActivityAt: now.minus({ hours: hoursAgo }),
  endedAt: ended ? now.minus({ hours: hoursAgo }) : null,
})

test.group('Session clock', () => {
  test('an open session active within the gap continues', ({ assert }) => {
    // Given a session last active 5 h 59 min ago and a gap of 6 hours
    const open = session(5.99)
    // When the reader acts now; then the session continues
    assert.isTrue(isCurrent(open, 6, now.toMillis()))
    assert.equal(activityDecision(open, 6, now.toMillis()), 'continue')
  })

  test('exactly the gap later it still continues; a minute more rolls over', ({ assert }) => {
    assert.equal(activityDecision(session(6), 6, now.toMillis()), 'continue')
    assert.equal(activityDecision(session(6.02), 6, now.toMillis()), 'roll over')
  })

  test('no open session: the activity starts one', ({ assert }) => {
    assert.equal(activityDecision(null, 6, now.toMillis()), 'start')
  })

  test('an ended session is never current, however recent', ({ assert }) => {
    assert.isFalse(isCurrent(session(0.1, true), 6, now.toMillis()))
  })

  test('the gap is the reader’s: a 1-hour gap rolls over sooner', ({ assert }) => {
    assert.equal(activityDecision(session(2), 1, now.toMillis()), 'roll over')
    assert.equal(activityDecision(session(2), 168, now.toMillis()), 'continue')
  })
})
