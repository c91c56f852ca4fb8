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

/**
 * What in a path may be a secret: a long run of the characters tokens are made of (a
 * mailed link's token is 43 of them; no route of the app has a segment near that long),
 * wherever it stands, so a mistyped or odd path (`//password/reset/…`, `/Email/Confirm/…`,
 * `/password/reset%2F…`) is logged without it too.
 */
const SECRET_RUN = /[A-Za-z0-9_-]{24,}/g

/** A route's parameter or wildcard, in its pattern. */
const ROUTE_PARAM = /:\w+|\*/g

/** A path as routes are compared: decoded where it can be, lower case, single slashes. */
function comparable(path: string) {
  let decoded = path
  try {
    decoded = decodeURIComponent(path)
  } catch {}
  return decoded.toLowerCase().replace(/\/{2,}/g, '/')
}

/**
 * A request's path as it may be logged: anything like a token in it is `[redacted]`. A
 * request to a route with a token in its path is logged by the route's pattern, every
 * parameter `[redacted]`, so no token is logged in part either (one split by a stray
 * character, as a mail client may wrap a link, would leave two runs too short to tell).
 * A path that matched no route but starts like one of those (`tokenPrefixes`, such as
 * `/password/reset/`, compared as `comparable` makes them) is logged as that prefix.
 */
export function loggablePath(
  path: string,
  routePattern?: string,
  tokenPrefixes: readonly string[] = []
): string {
  if (routePattern?.includes(':token')) return routePattern.replace(ROUTE_PARAM, CENSOR)
  if (!routePattern) {
    const asRouted = comparable(path)
    const prefix = tokenPrefixes.find((start) => asRouted.startsWith(start))
    if (prefix) return `${prefix}${CENSOR}`
  }
  return path.replace(SECRET_RUN, CENSOR)
}

/** What starts a path whose route takes a token (`/password/reset/` of `/password/reset/:token`). */
export function tokenPrefixesOf(patterns: Iterable<string>) {
  return [...patterns]
    .filter((pattern) => pattern.includes(':token'))
    .map((pattern) => comparable(pattern.slice(0, pattern.indexOf(':token'))))
}

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

const MESSAGE_CHARS = 200
const STACK_FRAMES = 12

export interface LoggedError {
  type: string
  code?: string
  message: string
  table?: string
  constraint?: string
  stack?: string
}

/**
 * What a log keeps of an error: its class, code and a short message, and where it was
 * thrown. Never a statement or its parameters: a database error's message starts with
 * the statement that failed, so only PostgreSQL's own words after it are kept, and no
 * `detail` (it quotes the values). The stack keeps its frames, not its first line.
 */
export function describeError(error: unknown): LoggedError {
  if (error === null || typeof error !== 'object') {
    return { type: typeof error, message: String(error).slice(0, MESSAGE_CHARS) }
  }
  const err = error as Error & { code?: unknown; severity?: string; table?: string }
  const fromDatabase = typeof err.severity === 'string'
  let message = typeof err.message === 'string' ? err.message : ''
  if (fromDatabase && message.includes(' - '))
    message = message.slice(message.lastIndexOf(' - ') + 3)
  const described: LoggedError = {
    type:
      err.constructor && err.constructor !== Object
        ? err.constructor.name
        : typeof err.name === 'string'
          ? err.name
          : 'Object',
    message: message.length > MESSAGE_CHARS ? `${message.slice(0, MESSAGE_CHARS)}…` : message,
  }
  if (typeof err.code === 'string' || typeof err.code === 'number')
    described.code = String(err.code)
  if (fromDatabase && err.table) described.table = err.table
  const constraint = (err as { constraint?: unknown }).constraint
  if (fromDatabase && typeof constraint === 'string') described.constraint = constraint
  if (typeof err.stack === 'string') {
    const frames = err.stack.split('\n').filter((line) => /^\s+at /.test(line))
    if (frames.length)
      described.stack = frames
        .slice(0, STACK_FRAMES)
        .map((f) => f.trim())
        .join('\n')
  }
  return described
}
