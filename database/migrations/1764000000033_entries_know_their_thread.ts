import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * An entry keeps its issue's thread beside the issue (an issue never changes thread), so
 * the roll's reading of strict orders finds their threads from the entries alone.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('order_entries', (table) => {
      table.integer('thread_id').nullable().references('threads.id').onDelete('CASCADE')
    })
    this.schema.raw(
      'UPDATE order_entries e SET thread_id = i.thread_id FROM issues i WHERE i.id = e.issue_id'
    )
    this.schema.raw('ALTER TABLE order_entries ALTER COLUMN thread_id SET NOT NULL')
    this.schema.raw(
      'CREATE INDEX order_entries_order_thread ON order_entries (order_id, thread_id)'
    )
  }

  async down() {
    this.schema.alterTable('order_entries', (table) => {
      table.dropColumn('thread_id')
    })
  }
}
