import { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import type { ImportPlan, ImportRefusal, RowError } from '#domain/imports/plan'
import { breathe, emptyPlan } from '#domain/imports/plan'
import { IMPORT_ROWS_LIMIT, reviewRowValidator, threadRowValidator } from '#validators/imports'
import { arrivingState } from '#domain/thread_state'
import { THREAD_FIELDS, THREAD_FIELD_NAMES } from '#domain/thread_fields'

/** Row errors listed at most; the rest are counted in one last line. */
const ERRORS_LISTED = 1000

interface CsvRow {
  /** The line of the file the row ends on (1 is the header). */
  row: number
  values: Record<string, string | undefined>
}

/** Columns a file may have: this app's own CSV has a dozen; beyond it is no pile of ours. */
const MOST_COLUMNS = 100
/** How much of the text the parser is given at a time. */
const CHUNK_CHARS = 64 * 1024

/** The text in pieces, so the parser reads as fast as its rows are used, and no faster. */
function* pieces(text: string) {
  for (let start = 0; start < text.length; start += CHUNK_CHARS) {
    yield text.slice(start, start + CHUNK_CHARS)
  }
}

/**
 * A cell as it was before this app's export defused it: a leading quote before a
 * character that would start a spreadsheet formula is taken off again. An empty cell
 * is no value.
 */
function cellValue(cell: string): string | undefined {
  if (cell.trim() === '') return undefined
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell
}

/**
 * Reads a CSV text (RFC 4180 through csv-parse: quoted cells, a byte-order mark, CRLF or
 * LF) row by row, handing each to `each` keyed by the header's names (trimmed and
 * lower-cased; `aliases` maps other names of a column to its name), and only the columns
 * in `wanted`; a header without the `required` ones is refused before any row is read. The parser is fed as the rows are used, and stops at the first row past
 * the limit: memory stays bounded whatever the file's shape (a row is at most 1 MB, a
 * header at most MOST_COLUMNS names). A file that is not CSV, has no header, too many
 * columns or too many rows is refused as a whole.
 */
async function readCsv(
  text: string,
  columnsOf: { wanted: string[]; required: string[]; aliases?: Record<string, string> },
  each: (row: CsvRow) => Promise<void>
): Promise<{ columns: string[] } | ImportRefusal> {
  const aliases = columnsOf.aliases ?? {}
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    max_record_size: 1024 * 1024,
  })
  const source = Readable.from(pieces(text))
  source.pipe(parser)
  let columns: string[] | null = null
  let picked: Array<[string, number]> = []
  let rows = 0
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[]
      info: { lines: number }
    }>) {
      if (!columns) {
        if (record.length > MOST_COLUMNS) {
          return { kind: 'file', message: `The file has more than ${MOST_COLUMNS} columns.` }
        }
        columns = record.map((name) => {
          const key = name.trim().toLowerCase()
          return aliases[key] && !record.some((n) => n.trim().toLowerCase() === aliases[key])
            ? aliases[key]
            : key
        })
        const missing = missingColumns(columns, columnsOf.required)
        if (missing) return missing
        picked = columnsOf.wanted.map((key): [string, number] => [key, columns!.indexOf(key)])
        continue
      }
      if (rows === IMPORT_ROWS_LIMIT) {
        return {
          kind: 'file',
          message: `The file has more than ${IMPORT_ROWS_LIMIT.toLocaleString('en')} rows; split it.`,
        }
      }
      rows++
      const values: CsvRow['values'] = {}
      for (const [key, index] of picked) {
        if (index >= 0) values[key] = cellValue(record[index] ?? '')
      }
      await each({ row: info.lines, values })
      await breathe(rows)
    }
  } catch (error) {
    return {
      kind: 'file',
      message: `This is not a CSV file we can read: ${(error as Error).message}`,
    }
  } finally {
    source.destroy()
    parser.destroy()
  }
  if (!columns) return { kind: 'rows', errors: [{ row: 1, message: 'The file is empty.' }] }
  return { columns }
}

function missingColumns(columns: string[], required: string[]): ImportRefusal | null {
  const missing = required.filter((name) => !columns.includes(name))
  if (!missing.length) return null
  return {
    kind: 'rows',
    errors: [{ row: 1, message: `Missing column(s): ${missing.join(', ')}.` }],
  }
}

/** One line for a row's validation messages: "title: … format: …". */
function rowMessage(error: { messages: Array<{ field: string; message: string }> }) {
  return error.messages.map((m) => `${m.field}: ${m.message}`).join(' ')
}

/**
 * The rows' errors, gathered as they come: the first ERRORS_LISTED kept, the rest only
 * counted, in one last line.
 */
function rowErrors() {
  const errors: RowError[] = []
  let more = 0
  let firstMore = 0
  return {
    add(error: RowError) {
      if (errors.length < ERRORS_LISTED) errors.push(error)
      else if (more++ === 0) firstMore = error.row
    },
    get any() {
      return errors.length > 0
    },
    refusal(): ImportRefusal {
      if (!more) return { kind: 'rows', errors }
      return {
        kind: 'rows',
        errors: [...errors, { row: firstMore, message: `…and ${more} more rows need fixing.` }],
      }
    },
  }
}

/**
 * Threads from CSV (title, format, issues_remaining; this app's export adds status,
 * notes, review and rating columns), added at the bottom of the queue in file order.
 */
export async function planThreadsCsv(text: string): Promise<ImportPlan | ImportRefusal> {
  const plan = emptyPlan('')
  const errors = rowErrors()
  const required = THREAD_FIELDS.filter((f) => f.requiredInCsv).map((f) => f.name)
  const columns = { wanted: THREAD_CSV_COLUMNS, required }
  const read = await readCsv(text, columns, async ({ row, values }) => {
    const [error, value] = await threadRowValidator.tryValidate(values)
    if (error) return errors.add({ row, message: rowMessage(error) })
    if (errors.any) return
    plan.threads.push({
      title: value.title,
      format: value.format,
      issuesRemaining: value.issues_remaining,
      state: arrivingState(value.status, value.issues_remaining),
      notes: value.notes ?? null,
      reviewUrl: value.review_url ?? null,
      lastReviewAt: value.last_review_at ?? null,
      lastRating: value.last_rating ?? null,
      lastActivityAt: value.last_activity_at ?? null,
      createdAt: value.created_at ?? null,
      tags: value.tags ?? [],
    })
  })
  if ('kind' in read) return read
  if (errors.any) return errors.refusal()
  if (!plan.threads.length) {
    return { kind: 'rows', errors: [{ row: 2, message: 'The file has no threads.' }] }
  }
  plan.description = `Import of ${plan.threads.length} threads`
  return plan
}

/** The columns a threads CSV is read for (this app's export has `id` and `position` too). */
export const THREAD_CSV_COLUMNS = [...THREAD_FIELD_NAMES, 'status']

/**
 * Review links from CSV (thread_id, review_url, review_timestamp), for threads the
 * reader has. This app's threads CSV works too (`id`, `last_review_at`); its rows
 * without a review link are passed over.
 */
export async function planReviewsCsv(text: string): Promise<ImportPlan | ImportRefusal> {
  const plan = emptyPlan('')
  const errors = rowErrors()
  const columns = {
    wanted: ['thread_id', 'review_url', 'review_timestamp', 'title'],
    required: ['thread_id', 'review_url', 'review_timestamp'],
    aliases: { id: 'thread_id', last_review_at: 'review_timestamp' },
  }
  const read = await readCsv(text, columns, async ({ row, values }) => {
    const threadsCsv = 'title' in values
    delete values.title
    if (values.review_url === undefined && threadsCsv) return
    const [error, value] = await reviewRowValidator.tryValidate(values)
    if (error) return errors.add({ row, message: rowMessage(error) })
    if (errors.any) return
    plan.reviews.push({
      row,
      threadId: value.thread_id,
      url: value.review_url,
      at: value.review_timestamp,
    })
  })
  if ('kind' in read) return read
  if (errors.any) return errors.refusal()
  if (!plan.reviews.length) {
    return { kind: 'rows', errors: [{ row: 2, message: 'The file has no review links.' }] }
  }
  plan.description = `Import of ${plan.reviews.length} reviews`
  return plan
}
