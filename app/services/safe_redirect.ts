/** `next` when it is a path on this site, else `fallback` (no open redirects). */
export function safeNextPath(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || next.length > 2000) return fallback
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback
  if ([...next].some((char) => char.charCodeAt(0) < 32 || char === '\\')) return fallback
  return next
}
