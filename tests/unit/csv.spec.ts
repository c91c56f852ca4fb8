import { test } from '@japa/runner'
import { csvRecords, parseCsv, toCsv } from '#services/csv'

test.group('CSV', () => {
  test('parses quoted fields, escaped quotes, CRLF and a BOM', ({ assert }) => {
    const text =
      '\uFEFFtitle,format,issues_remaining\r\n"Locke, & Key","Trade ""deluxe""",3\r\n"Multi\nline",Issue,1\r\n\r\n'
    assert.deepEqual(parseCsv(text), [
      ['title', 'format', 'issues_remaining'],
      ['Locke, & Key', 'Trade "deluxe"', '3'],
      ['Multi\nline', 'Issue', '1'],
    ])
  })

  test('records carry row numbers counting the header', ({ assert }) => {
    const { keys, records } = csvRecords('Title,Format\nA,B\n')
    assert.deepEqual(keys, ['title', 'format'])
    assert.deepEqual(records, [{ row: 2, values: { title: 'A', format: 'B' } }])
  })

  test('writes what it reads, and defuses spreadsheet formulas', ({ assert }) => {
    const csv = toCsv(
      ['a', 'b'],
      [
        ['x, "y"', '=SUM(A1)'],
        [null, 3],
      ]
    )
    assert.equal(csv, 'a,b\r\n"x, ""y""",\'=SUM(A1)\r\n,3\r\n')
    assert.deepEqual(parseCsv(csv)[1], ['x, "y"', "'=SUM(A1)"])
  })
})
