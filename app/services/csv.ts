/**
 * CSV in and out (RFC 4180): quoted fields with commas, quotes and line breaks,
 * a leading byte-order mark, CRLF or LF line endings.
 */
export function parseCsv(text: string): string[][] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < input.length; i++) {
    const char = input[i]
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') {
        quoted = false
      } else {
        field += char
      }
    } else if (char === '"' && field === '') {
      quoted = true
    } else if (char === ',') {
      row.push(field)
      field = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else {
      field += char
    }
  }
  if (field !== '' || row.length) {
    row.push(field)
    rows.push(row)
  }
  return rows.filter((r) => r.some((value) => value.trim() !== ''))
}

function cell(value: unknown) {
  if (value === null || value === undefined) return ''
  let text = String(value)
  // Cells that a spreadsheet would run as a formula are prefixed with a quote.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(header: string[], rows: unknown[][]) {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n'
}

/** Rows as objects keyed by the (trimmed, lower-cased) header; the row number counts the header as 1. */
export function csvRecords(text: string) {
  const [header = [], ...rows] = parseCsv(text)
  const keys = header.map((key) => key.trim().toLowerCase())
  return {
    keys,
    records: rows.map((values, index) => ({
      row: index + 2,
      values: Object.fromEntries(keys.map((key, i) => [key, (values[i] ?? '').trim()])),
    })),
  }
}
