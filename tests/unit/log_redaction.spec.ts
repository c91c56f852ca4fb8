import { test } from '@japa/runner'
import { describeError, redactSecrets } from '#services/log_redaction'

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
})
