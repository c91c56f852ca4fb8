import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * An import is undone by its batch, whatever its size: the threads and sessions it
 * adds carry its undo snapshot's id (as its events already do), and the rows it
 * replaces or changes are kept, as they were, in `undo_rows` until it is undone.
 */
export default class extends BaseSchema {
  async up() {
    for (const table of ['threads', 'reading_sessions']) {
      this.schema.alterTable(table, (t) => {
        t.integer('snapshot_id')
          .nullable()
          .references('id')
          .inTable('undo_snapshots')
          .onDelete('SET NULL')
      })
      this.schema.raw(
        `CREATE INDEX ${table}_user_snapshot ON ${table} (user_id, snapshot_id) WHERE snapshot_id IS NOT NULL`
      )
    }
    this.schema.createTable('undo_rows', (table) => {
      table.bigIncrements('id')
      table
        .integer('snapshot_id')
        .notNullable()
        .references('id')
        .inTable('undo_snapshots')
        .onDelete('CASCADE')
      table.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('table_name', 32).notNullable()
      table.jsonb('row').notNullable()
      table.index(['snapshot_id', 'table_name'])
    })
  }

  async down() {
    this.schema.dropTable('undo_rows')
    for (const table of ['threads', 'reading_sessions']) {
      this.schema.raw(`DROP INDEX ${table}_user_snapshot`)
      this.schema.alterTable(table, (t) => t.dropColumn('snapshot_id'))
    }
  }
}
