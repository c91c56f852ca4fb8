import { isIP } from 'node:net'
import type { IncomingMessage } from 'node:http'
import proxyaddr from 'proxy-addr'

/** Whether the hop at `hop` (0: the socket's peer, 1: the last X-Forwarded-For entry, …) is a proxy of ours. */
export type TrustedHop = (address: string, hop: number) => boolean

const TRUSTED_PROXIES_HELP =
  'TRUSTED_PROXIES must be a number of proxies in front of the app (like 1) or a comma-separated list of their addresses or subnets (like 10.0.0.0/8, 127.0.0.1).'

/**
 * Reads TRUSTED_PROXIES: unset, no proxy is trusted (the client is the socket's peer); a
 * number n, the n hops nearest the app are proxies (each appends the address it saw to
 * X-Forwarded-For, so the client is the n-th entry from the right); a list, the hops at
 * those addresses are. Throws TRUSTED_PROXIES_HELP for anything else.
 */
export function trustedProxies(setting: string | undefined): TrustedHop {
  const value = setting?.trim()
  if (!value) return () => false
  if (/^\d{1,2}$/.test(value)) {
    const hops = Number(value)
    return (_address, hop) => hop < hops
  }
  const list = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  try {
    return proxyaddr.compile(list)
  } catch {
    throw new Error(TRUSTED_PROXIES_HELP)
  }
}

/**
 * The client's address: the first hop, from the app outwards, that is not a trusted
 * proxy. An entry that is no address (a forged or garbled header) never counts: the
 * socket's peer is taken instead, so no header can fail a request.
 */
export function clientAddress(request: IncomingMessage, trusted: TrustedHop): string {
  const peer = request.socket.remoteAddress ?? ''
  const address = proxyaddr(request, trusted)
  return isIP(address) ? address : peer
}
