import { test } from '@japa/runner'
import { redactSecrets } from '#services/log_redaction'

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
})
