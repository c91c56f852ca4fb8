import { parse } from 'csv-parse'
import type { ImportPlan, ImportRefusal, RowError } from '#domain/imports/plan'
import { breathe, emptyPlan } from '#domain/imports/plan'
import { IMPORT_ROWS_LIMIT, reviewRowValidator, threadRowValidator } from '#validators/imports'

/** Row errors listed at most; the rest are counted in one last line. */
const ERRORS_LISTED = 1000

interface CsvRow {
  /** The line of the file the row ends on (1 is the header). */
  row: number
  values: Record<string, string | undefined>
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
 * The rows of a CSV text (RFC 4180 through csv-parse: quoted cells, a byte-order mark,
 * CRLF or LF), keyed by the header's names, trimmed and lower-cased; `aliases` maps
 * other names of a column to its name. A file that is not CSV, has no header or too
 * many rows is refused as a whole.
 */
async function readCsv(
  text: string,
  aliases: Record<string, string> = {}
): Promise<{ columns: string[]; rows: CsvRow[] } | ImportRefusal> {
  const parser = parse(text, {
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    max_record_size: 1024 * 1024,
  })
  let columns: string[] | null = null
  const rows: CsvRow[] = []
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[]
      info: { lines: number }
    }>) {
      if (!columns) {
        columns = record.map((name) => {
          const key = name.trim().toLowerCase()
          return aliases[key] && !record.some((n) => n.trim().toLowerCase() === aliases[key])
            ? aliases[key]
            : key
        })
        continue
      }
      if (rows.length === IMPORT_ROWS_LIMIT) {
        return {
          kind: 'file',
          message: `The file has more than ${IMPORT_ROWS_LIMIT.toLocaleString('en')} rows; split it.`,
        }
      }
      const values: CsvRow['values'] = {}
      columns.forEach((key, index) => (values[key] = cellValue(record[index] ?? '')))
      rows.push({ row: info.lines, values })
      await breathe(rows.length)
    }
  } catch (error) {
    return {
      kind: 'file',
      message: `This is not a CSV file we can read: ${(error as Error).message}`,
    }
  }
  if (!columns) return { kind: 'rows', errors: [{ row: 1, message: 'The file is empty.' }] }
  return { columns, rows }
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

/** Row errors as listed: the first ERRORS_LISTED, then one line counting the rest. */
function listed(errors: RowError[]): ImportRefusal {
  if (errors.length <= ERRORS_LISTED) return { kind: 'rows', errors }
  const rest = errors.length - ERRORS_LISTED
  return {
    kind: 'rows',
    errors: [
      ...errors.slice(0, ERRORS_LISTED),
      { row: errors[ERRORS_LISTED].row, message: `…and ${rest} more rows need fixing.` },
    ],
  }
}

/**
 * Threads from CSV (title, format, issues_remaining; this app's export adds status,
 * notes, review and rating columns), added at the bottom of the queue in file order.
 */
export async function planThreadsCsv(text: string): Promise<ImportPlan | ImportRefusal> {
  const read = await readCsv(text)
  if ('kind' in read) return read
  const missing = missingColumns(read.columns, ['title', 'format', 'issues_remaining'])
  if (missing) return missing
  const plan = emptyPlan('')
  const errors: RowError[] = []
  for (const [index, { row, values }] of read.rows.entries()) {
    const [error, value] = await threadRowValidator.tryValidate(values)
    await breathe(index)
    if (error) {
      errors.push({ row, message: rowMessage(error) })
      continue
    }
    const active = value.issues_remaining > 0 && value.status !== 'completed'
    plan.threads.push({
      title: value.title,
      format: value.format,
      issuesRemaining: value.issues_remaining,
      status: active ? 'active' : 'completed',
      notes: value.notes ?? null,
      reviewUrl: value.review_url ?? null,
      lastReviewAt: value.last_review_at ?? null,
      lastRating: value.last_rating ?? null,
      lastActivityAt: value.last_activity_at ?? null,
      createdAt: value.created_at ?? null,
    })
  }
  if (errors.length) return listed(errors)
  if (!plan.threads.length) {
    return { kind: 'rows', errors: [{ row: 2, message: 'The file has no threads.' }] }
  }
  plan.description = `Import of ${plan.threads.length} threads`
  return plan
}

/**
 * Review links from CSV (thread_id, review_url, review_timestamp), for threads the
 * reader has. This app's threads CSV works too (`id`, `last_review_at`); its rows
 * without a review link are passed over.
 */
export async function planReviewsCsv(text: string): Promise<ImportPlan | ImportRefusal> {
  const read = await readCsv(text, { id: 'thread_id', last_review_at: 'review_timestamp' })
  if ('kind' in read) return read
  const missing = missingColumns(read.columns, ['thread_id', 'review_url', 'review_timestamp'])
  if (missing) return missing
  const plan = emptyPlan('')
  const errors: RowError[] = []
  for (const [index, { row, values }] of read.rows.entries()) {
    if (values.review_url === undefined && read.columns.includes('title')) continue
    const [error, value] = await reviewRowValidator.tryValidate(values)
    await breathe(index)
    if (error) errors.push({ row, message: rowMessage(error) })
    else
      plan.reviews.push({
        row,
        threadId: value.thread_id,
        url: value.review_url,
        at: value.review_timestamp,
      })
  }
  if (errors.length) return listed(errors)
  if (!plan.reviews.length) {
    return { kind: 'rows', errors: [{ row: 2, message: 'The file has no review links.' }] }
  }
  plan.description = `Import of ${plan.reviews.length} reviews`
  return plan
}
