/**
 * A reading order's entries as readers' lists write them (pure rules, no database): a
 * series, maybe its volume (a year or a number), one issue number ("1", "½", "-1",
 * "0.1", "Annual 1"). Pasted lines read "Civil War (2006) #1", one entry a line.
 */
import { ISSUE_LABEL_LENGTH, issueKey, issueLabel } from '#domain/issue_numbers'

/** Entries an order may hold. */
export const ENTRIES_PER_ORDER = 10_000
/** Characters of a series' name, and of an order's name. */
export const SERIES_LENGTH = 200
export const ORDER_NAME_LENGTH = 200
/** Orders a reader may keep. */
export const ORDERS_PER_READER = 200

/** An id a reading list gives an issue in a database of comics (a CBL `<Database>`). */
export interface ExternalId {
  source: string
  series?: string
  issue?: string
}

/** An entry as it came: from a CBL `<Book>`, a pasted line or the API. */
export interface EntryInput {
  series?: unknown
  volume?: unknown
  number?: unknown
  /** The ids the list gave its issue, kept with the issue. */
  ids?: ExternalId[]
}

/** An entry that can be read: its index in the input, from 0. */
export interface Entry {
  index: number
  series: string
  volume: string | null
  number: string
  ids: ExternalId[]
}

export interface Unreadable {
  index: number
  message: string
}

/**
 * An issue number as the pile keeps it: NFKC ("½" and "1⁄2" are one), spaces folded, a
 * leading "#" dropped, the leading zeros of a whole number dropped ("001" is "1"); or why
 * it is no issue number (empty, a range or a list, too long).
 */
export function issueNumberOf(raw: unknown): string | { problem: string } {
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    return { problem: 'It names no issue number.' }
  }
  const text = String(raw).normalize('NFKC').trim().replace(/\s+/g, ' ').replace(/^#\s*/, '')
  if (text.length === 0) return { problem: 'It names no issue number.' }
  if (text.includes(',')) return { problem: `“${short(text)}” is several issues: one an entry.` }
  if (/^\d+ ?- ?\d+$/.test(text)) {
    return { problem: `“${short(text)}” is a range: one issue an entry.` }
  }
  const number = /^\d+$/.test(text) ? text.replace(/^0+(?=\d)/, '') : text
  if (number.length > ISSUE_LABEL_LENGTH) {
    return {
      problem: `“${short(number)}” is too long for an issue number (at most ${ISSUE_LABEL_LENGTH} characters).`,
    }
  }
  return number
}

/** The key two numbers are the same issue by: as the pile keeps them, case aside. */
export function issueNumberKey(number: string) {
  const kept = issueNumberOf(number)
  return issueKey(typeof kept === 'string' ? kept : number)
}

/** A volume as readers write one: a year or a number; null when none is given. */
function volumeOf(raw: unknown): string | null | { problem: string } {
  if (raw === undefined || raw === null || raw === '') return null
  const text = String(raw).normalize('NFKC').trim()
  if (text === '') return null
  if (!/^\d{1,4}$/.test(text)) {
    return { problem: `“${short(text)}” is not a volume: a year or a number.` }
  }
  return text.replace(/^0+(?=\d)/, '')
}

const short = (text: string) => (text.length > 30 ? `${text.slice(0, 29)}…` : text)

/** The key of a series and volume, for telling entries listed twice. */
export const seriesKey = (series: string, volume: string | null) =>
  `${series.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()}\u0000${volume ?? ''}`

/** The title a series and volume make: "Civil War (2006)", or "Civil War". */
export const seriesTitle = (series: string, volume: string | null) =>
  volume ? `${series} (${volume})` : series

/** "Civil War (2006) #1", as the preview and the messages name an entry. */
export const entryName = (entry: Pick<Entry, 'series' | 'volume' | 'number'>) =>
  `${seriesTitle(entry.series, entry.volume)} ${issueLabel(entry.number)}`

/**
 * The entries that can be read, in order, and those that cannot, each with why: no
 * series, a malformed number or volume, an entry already listed.
 */
export function readEntries(inputs: EntryInput[]): { entries: Entry[]; unreadable: Unreadable[] } {
  const entries: Entry[] = []
  const unreadable: Unreadable[] = []
  const seen = new Map<string, number>()
  inputs.forEach((input, index) => {
    const refuse = (message: string) => unreadable.push({ index, message })
    const series =
      typeof input.series === 'string'
        ? input.series.normalize('NFC').trim().replace(/\s+/g, ' ')
        : ''
    if (!series) return refuse('It names no series.')
    if (series.length > SERIES_LENGTH) {
      return refuse(`Its series is longer than ${SERIES_LENGTH} characters.`)
    }
    const volume = volumeOf(input.volume)
    if (volume !== null && typeof volume === 'object') return refuse(volume.problem)
    const number = issueNumberOf(input.number)
    if (typeof number === 'object') return refuse(number.problem)
    const key = `${seriesKey(series, volume)}\u0000${issueKey(number)}`
    const earlier = seen.get(key)
    if (earlier !== undefined) {
      return refuse(`${entryName({ series, volume, number })} is already entry ${earlier + 1}.`)
    }
    seen.set(key, entries.length)
    entries.push({ index, series, volume, number, ids: input.ids ?? [] })
  })
  return { entries, unreadable }
}

/**
 * Pasted lines as entries, one a line (blank lines skipped, the index counting the
 * lines given): "Civil War (2006) #1", "Amazing Spider-Man #532", "X-Men (1991) Annual 1".
 */
export function entriesOfLines(text: string): EntryInput[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.normalize('NFC').trim())
    .filter((line) => line.length > 0)
    .map(entryOfLine)
}

function entryOfLine(line: string): EntryInput {
  const hash = line.lastIndexOf('#')
  let head: string
  let number: string
  if (hash > 0) {
    head = line.slice(0, hash).trim()
    number = line.slice(hash + 1).trim()
  } else {
    // "Series (Volume) Annual 1": the number follows the volume; else it is the last word.
    const afterVolume = line.match(/^(.*\(\s*\d{1,4}\s*\))\s+(\S.*)$/)
    if (afterVolume) {
      head = afterVolume[1]
      number = afterVolume[2]
    } else {
      const space = line.lastIndexOf(' ')
      if (space < 0) return { series: '', number: line }
      head = line.slice(0, space).trim()
      number = line.slice(space + 1)
    }
  }
  const volume = head.match(/^(.*?)\s*\(\s*(\d{1,4})\s*\)$/)
  return volume ? { series: volume[1], volume: volume[2], number } : { series: head, number }
}
