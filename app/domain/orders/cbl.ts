/**
 * CBL files, the ComicRack reading lists readers swap: `<ReadingList><Name>…</Name>
 * <Books><Book Series="…" Number="…" Volume="…" Year="…"><Database Name="cv" Series="…"
 * Issue="…"/></Book>…</Books></ReadingList>`. Read by a strict XML parser that is told to
 * refuse a document type declaration: no entity but XML's own five is ever known, so
 * none is expanded. Reading stops at the first `<Book>` past the limit.
 */
import { SaxesParser } from 'saxes'
import { ENTRIES_PER_ORDER, type EntryInput, type ExternalId } from '#domain/orders/entries'
import { Refusal } from '#domain/refusal'

export interface ReadingList {
  name: string
  books: EntryInput[]
}

/** Why a file is no reading list this app can read. */
export class CblProblem extends Error {}

const format = (n: number) => n.toLocaleString('en')

/** The encoding a file's first bytes tell: a byte order mark, UTF-16's `<?`, or none. */
function encodingByBytes(bytes: Uint8Array): string | null {
  const [a, b, c] = bytes
  if (a === 0xef && b === 0xbb && c === 0xbf) return 'utf-8'
  if ((a === 0xff && b === 0xfe) || (a === 0x3c && b === 0x00)) return 'utf-16le'
  if ((a === 0xfe && b === 0xff) || (a === 0x00 && b === 0x3c)) return 'utf-16be'
  return null
}

/** The encoding an XML declaration names (`<?xml version="1.0" encoding="…"?>`), if any. */
const DECLARED_ENCODING = /^\s*<\?xml[^?>]*?\sencoding\s*=\s*(["'])([A-Za-z][\w.:-]{0,39})\1/

/**
 * The text of a CBL file's bytes, in the encoding it is written in: UTF-8 unless a byte
 * order mark or its XML declaration says otherwise (lists saved by older tools say
 * ISO-8859-1 or windows-1252). Refused, rather than read with characters replaced, when
 * the bytes are not that encoding's or the encoding is one this app cannot read.
 */
export function cblText(bytes: Uint8Array): string {
  const declared = DECLARED_ENCODING.exec(Buffer.from(bytes.subarray(0, 200)).toString('latin1'))
  const encoding = encodingByBytes(bytes) ?? declared?.[2] ?? 'utf-8'
  let decoder: TextDecoder
  try {
    decoder = new TextDecoder(encoding, { fatal: true })
  } catch {
    throw Refusal.invalid(
      `The file says it is written in “${encoding}”, an encoding this app does not read: save it as UTF-8 and try again.`
    )
  }
  try {
    return decoder.decode(bytes)
  } catch {
    throw Refusal.invalid(
      `The file is not ${decoder.encoding === 'utf-8' ? 'UTF-8' : `“${encoding}”`} text, as it says it is: save it as UTF-8 and try again.`
    )
  }
}

/** The reading list a CBL file holds, or a CblProblem saying why it cannot be read. */
export function readCbl(text: string): ReadingList {
  if (text.trim() === '') throw new CblProblem('The file is empty.')
  if (text.includes('\uFFFD')) {
    // Text decoded as UTF-8 from bytes that were not (a request body is read as UTF-8).
    throw new CblProblem('The file is not UTF-8 text: save it as UTF-8 and try again.')
  }
  const parser = new SaxesParser({ position: true })
  const books: EntryInput[] = []
  const path: string[] = []
  let name = ''
  let readingName = false
  let sawRoot = false
  let book: EntryInput | null = null

  parser.on('doctype', () => {
    throw new CblProblem(
      'The file declares a document type, which a reading list has no need of: it is not read.'
    )
  })
  parser.on('opentag', (tag) => {
    const attributes = tag.attributes as Record<string, string>
    const parent = path.at(-1)
    path.push(tag.name)
    if (path.length === 1) {
      if (tag.name !== 'ReadingList') {
        throw new CblProblem(
          'This is not a CBL reading list: it does not start with <ReadingList>.'
        )
      }
      sawRoot = true
    } else if (tag.name === 'Name' && parent === 'ReadingList') {
      readingName = true
    } else if (tag.name === 'Book' && parent === 'Books') {
      if (books.length === ENTRIES_PER_ORDER) {
        throw new CblProblem(
          `The list has more than ${format(ENTRIES_PER_ORDER)} books: an order holds at most ${format(ENTRIES_PER_ORDER)}.`
        )
      }
      book = {
        series: attributes.Series ?? '',
        volume: attributes.Volume || undefined,
        number: attributes.Number ?? '',
        ids: [],
      }
      books.push(book)
    } else if (tag.name === 'Database' && parent === 'Book' && book) {
      const id: ExternalId = { source: (attributes.Name ?? '').slice(0, 40) }
      if (attributes.Series) id.series = attributes.Series.slice(0, 40)
      if (attributes.Issue) id.issue = attributes.Issue.slice(0, 40)
      if (id.source && (book.ids?.length ?? 0) < 5) book.ids!.push(id)
    }
  })
  parser.on('text', (chunk) => {
    if (readingName && name.length <= 1000) name += chunk
  })
  parser.on('closetag', (tag) => {
    path.pop()
    if (tag.name === 'Name') readingName = false
    if (tag.name === 'Book') book = null
  })
  parser.on('error', (error) => {
    throw error
  })
  try {
    parser.write(text).close()
  } catch (error) {
    if (error instanceof CblProblem) throw error
    const message = (error as Error).message.replace(/^[^:]*:\d+:\d+: /, '')
    throw new CblProblem(
      /entity/i.test(message)
        ? 'The file uses an entity or a character this app does not read (it reads &amp; &lt; &gt; &quot; &apos; and references to characters XML allows).'
        : `The file is not well-formed XML (line ${parser.line}: ${message}).`
    )
  }
  if (!sawRoot) throw new CblProblem('This is not a CBL reading list: it holds no <ReadingList>.')
  return { name: name.trim().replace(/\s+/g, ' '), books }
}

const escape = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Characters XML 1.0 cannot carry at all are left out.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')

export interface CblBook {
  series: string
  volume: string | null
  number: string
  ids: ExternalId[]
}

/** A reading list as a CBL file that reads back to the same books. */
export function writeCbl(name: string, books: CblBook[]) {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<ReadingList xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    `  <Name>${escape(name)}</Name>`,
    `  <NumIssues>${books.length}</NumIssues>`,
    '  <Books>',
  ]
  for (const book of books) {
    const volume = book.volume ? ` Volume="${escape(book.volume)}"` : ''
    const open = `    <Book Series="${escape(book.series)}" Number="${escape(book.number)}"${volume}`
    if (book.ids.length === 0) {
      lines.push(`${open} />`)
      continue
    }
    lines.push(`${open}>`)
    for (const id of book.ids) {
      const series = id.series ? ` Series="${escape(id.series)}"` : ''
      const issue = id.issue ? ` Issue="${escape(id.issue)}"` : ''
      lines.push(`      <Database Name="${escape(id.source)}"${series}${issue} />`)
    }
    lines.push('    </Book>')
  }
  lines.push('  </Books>', '  <Matchers />', '</ReadingList>', '')
  return lines.join('\n')
}
