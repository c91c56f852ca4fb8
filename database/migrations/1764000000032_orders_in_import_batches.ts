import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Reading orders and their entries go with a JSON import like the rest of a pile: the
 * rows an import adds carry its snapshot's id (its undo deletes them), and an import that
 * replaces everything keeps the reader's orders for its undo as it keeps their threads.
 */
export default class extends BaseSchema {
  async up() {
    for (const table of ['reading_orders', 'order_entries']) {
      this.schema.alterTable(table, (t) => {
        t.integer('snapshot_id').nullable().references('undo_snapshots.id').onDelete('SET NULL')
      })
      this.schema.raw(
        `CREATE INDEX ${table}_user_snapshot ON ${table} (user_id, snapshot_id) WHERE snapshot_id IS NOT NULL`
      )
    }
  }

  async down() {
    for (const table of ['order_entries', 'reading_orders']) {
      this.schema.alterTable(table, (t) => {
        t.dropColumn('snapshot_id')
      })
    }
  }
}
