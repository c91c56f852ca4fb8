/**
 * What never reaches a log: credentials in headers, and any key named like a
 * secret at any depth of a logged object.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'request.headers.authorization',
  'request.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
]

const SECRET_KEY = /pass(word)?|secret|token|api[_-]?key|authorization|cookie|jwt/i
const CENSOR = '[redacted]'

/** A copy of `value` with every secret-looking key censored, at any depth. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 12 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1))
  if (value instanceof Error) return value
  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) ? CENSOR : redactSecrets(item, depth + 1)
  }
  return copy
}
