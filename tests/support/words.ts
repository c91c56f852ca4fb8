/** A page's words as a reader sees and hears them (tests/functional/copy_review.spec.ts). */

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  hellip: '…',
  middot: '·',
  times: '×',
  rarr: '→',
  mdash: '—',
  ndash: '–',
}

function decode(text: string) {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec) => String.fromCodePoint(Number(dec)))
    .replace(/&([a-z]+);/gi, (whole, name) => NAMED[name] ?? whole)
}

/** What a reader sees and hears of a page: its text, then its labels. */
export function wordsOf(html: string) {
  const body = html
    .replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
  const labels = [...body.matchAll(/\s(?:aria-label|alt|title)="([^"]*)"/g)].map((m) => m[1])
  // Inline tags join their text to what follows ("<code>x</code>." reads "x."), others part it
  const text = body
    .replace(/<\/?(?:a|b|i|em|strong|code|kbd|span|abbr|time|mark|small|sup|sub)\b[^>]*>/gi, '')
    .replace(/<[^>]+>/g, ' ')
  return decode([text, ...labels].join(' \n ')).replace(/[ \t\r]+/g, ' ')
}
