import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import Thread from '#models/thread'
import { THREAD_FIELDS } from '#domain/thread_fields'
import { threadJson as apiThread } from '#http/api_json'
import { THREAD_COLUMNS as CSV_EXPORT_COLUMNS, threadJson as exportedThread } from '#domain/exports'
import { THREAD_INSERT } from '#domain/imports/writer'
import { THREAD_CSV_COLUMNS } from '#domain/imports/csv_sources'

test.group("A thread's fields, declared once", () => {
  test('every declared field is in the API Thread, the export JSON, both CSVs and the import writer', ({
    assert,
  }) => {
    const thread = new Thread()
    thread.merge({ id: 1, title: 'Saga', format: 'Trade', issuesRemaining: 3, sortKey: 1024 })
    thread.createdAt = DateTime.utc()
    thread.updatedAt = DateTime.utc()
    const api = Object.keys(apiThread(thread))
    const exported = Object.keys(exportedThread({ id: 1, sort_key: 1024, position: 1 }))
    const written = THREAD_INSERT.columns.split(', ')
    for (const { name } of THREAD_FIELDS) {
      assert.include(api, name, `the API Thread has ${name}`)
      assert.include(exported, name, `the export JSON has ${name}`)
      assert.include([...CSV_EXPORT_COLUMNS], name, `the threads CSV export has ${name}`)
      assert.include(THREAD_CSV_COLUMNS, name, `the threads CSV import reads ${name}`)
      assert.include(written, name, `the import writer writes ${name}`)
    }
    // And the writer reads each from the rows it is given, as the type declared
    for (const { name, type } of THREAD_FIELDS) {
      if (name !== 'created_at') assert.include(THREAD_INSERT.recordType, `${name} ${type}`)
    }
  })
})
