import { test } from '@japa/runner'
import type { IncomingMessage } from 'node:http'
import { clientAddress, trustedProxies } from '#services/trusted_proxies'

/** A request from `peer` carrying `forwardedFor`. */
function from(peer: string, forwardedFor?: string) {
  return {
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
    socket: { remoteAddress: peer },
    connection: { remoteAddress: peer },
  } as unknown as IncomingMessage
}

test.group('Trusted proxies', () => {
  test('unset, the socket is the client whatever the header says', ({ assert }) => {
    const trusted = trustedProxies(undefined)
    assert.equal(clientAddress(from('10.0.0.2', '198.51.100.1'), trusted), '10.0.0.2')
    assert.equal(clientAddress(from('10.0.0.2'), trustedProxies('')), '10.0.0.2')
  })

  test('a hop count takes the entry that many hops out, never the client’s own first one', ({
    assert,
  }) => {
    // Given one proxy that appends the address it saw
    const trusted = trustedProxies('1')
    // Then the client is the last entry, whatever it put before it
    assert.equal(clientAddress(from('10.0.0.2', '203.0.113.7'), trusted), '203.0.113.7')
    assert.equal(
      clientAddress(from('10.0.0.2', '198.51.100.1, 203.0.113.7'), trusted),
      '203.0.113.7'
    )
    // And with two proxies, the second entry from the right
    assert.equal(
      clientAddress(from('10.0.0.2', '198.51.100.1, 203.0.113.7, 10.0.0.9'), trustedProxies('2')),
      '203.0.113.7'
    )
  })

  test('a list trusts only hops at those addresses', ({ assert }) => {
    const trusted = trustedProxies('10.0.0.0/8, 127.0.0.1')
    assert.equal(clientAddress(from('10.0.0.2', '203.0.113.7'), trusted), '203.0.113.7')
    assert.equal(clientAddress(from('192.0.2.5', '203.0.113.7'), trusted), '192.0.2.5')
  })

  test('an entry that is no address falls back to the socket', ({ assert }) => {
    const trusted = trustedProxies('1')
    for (const header of ['x'.repeat(300), 'unknown', ' , ', '9'.repeat(300)]) {
      assert.equal(clientAddress(from('10.0.0.2', header), trusted), '10.0.0.2')
    }
  })

  test('a value that is neither a count nor addresses is refused with a sentence', ({ assert }) => {
    assert.throws(() => trustedProxies('railway'), /TRUSTED_PROXIES must be/)
    assert.throws(() => trustedProxies('10.0.0.0/99'), /TRUSTED_PROXIES must be/)
  })
})
