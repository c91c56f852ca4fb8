import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import {
  describeError,
  loggablePath,
  redactSecrets,
  tokenPrefixesOf,
} from '#services/log_redaction'
import { route } from '#tests/support/accounts'

/** A route's pattern by its name. */
const routePattern = (name: string) =>
  Object.values(router.toJSON())
    .flat()
    .find((entry) => entry.name === name)!.pattern

test.group('Log redaction', () => {
  test('censors secret-looking keys at any depth', ({ assert }) => {
    const input = {
      email: 'reader@example.com',
      password: 'hunter22',
      nested: {
        deeper: [{ access_token: 'abc', refresh_token: 'def', api_key: 'k', note: 'kept' }],
      },
      client_secret: 's',
    }
    assert.deepEqual(redactSecrets(input), {
      email: 'reader@example.com',
      password: '[redacted]',
      nested: {
        deeper: [
          {
            access_token: '[redacted]',
            refresh_token: '[redacted]',
            api_key: '[redacted]',
            note: 'kept',
          },
        ],
      },
      client_secret: '[redacted]',
    })
  })

  test('an error is logged by class, code and a short message, never its statement', ({
    assert,
  }) => {
    // Given a database error whose message starts with the statement that failed
    const error = Object.assign(
      new Error(
        `insert into "threads" ("title") values ($1) - invalid byte sequence for encoding "UTF8": 0x00`
      ),
      {
        code: '22021',
        severity: 'ERROR',
        detail: 'Key (title)=(secret title) exists',
        table: 'threads',
      }
    )
    // When it is described for the log
    const logged = describeError(error)
    // Then only PostgreSQL's words, the code and the table remain
    assert.equal(logged.message, 'invalid byte sequence for encoding "UTF8": 0x00')
    assert.equal(logged.code, '22021')
    assert.equal(logged.table, 'threads')
    assert.notInclude(JSON.stringify(logged), 'insert into')
    assert.notInclude(JSON.stringify(logged), 'secret title')
    assert.match(logged.stack ?? '', /^at /)
  })

  test('a long message is cut short', ({ assert }) => {
    const logged = describeError(new TypeError('x'.repeat(5000)))
    assert.equal(logged.type, 'TypeError')
    assert.isAtMost(logged.message.length, 201)
  })

  test('a path is logged without its token, by its route when the route has one', ({ assert }) => {
    const token = 'Q'.repeat(43)
    const reset = route('password_reset.edit', { token })
    assert.equal(loggablePath(reset), reset.replace(token, '[redacted]'))
    const edit = route('threads.edit', { id: 12 })
    assert.equal(loggablePath(edit), edit)
    // A token split by a stray character is two short runs: the route's pattern hides both
    const pattern = routePattern('shared.show')
    const split = route('shared.show', { token: `${token.slice(0, 20)}\u200b${token.slice(20)}` })
    assert.equal(loggablePath(split, pattern), pattern.replace(':token', '[redacted]'))
    const deeper = routePattern('shared.show_deeper')
    assert.notInclude(loggablePath(`${route('shared.show', { token })}/x`, deeper), 'Q')
    // A path that matched no route but starts like a token's route: logged as that start
    const prefixes = tokenPrefixesOf([
      routePattern('password_reset.edit'),
      routePattern('orders.show'),
    ])
    const wrapped = reset.replace(token, `${token.slice(0, 20)}=${token.slice(20)}`)
    assert.equal(loggablePath(wrapped, undefined, prefixes), reset.replace(token, '[redacted]'))
    const shouted = `/${wrapped.toUpperCase()}`
    assert.equal(loggablePath(shouted, undefined, prefixes), reset.replace(token, '[redacted]'))
    const unmatched = route('orders.show', { id: 7 })
    assert.equal(loggablePath(unmatched, undefined, prefixes), unmatched)
    const order = route('orders.show', { id: 7 })
    assert.equal(loggablePath(order, routePattern('orders.show')), order)
  })
})
