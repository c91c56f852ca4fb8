import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Reading orders: a reader's named orders (an event read across several threads), each a
 * list of entries in order, every entry one issue of one of the reader's threads. An
 * entry has no read state of its own: it is read when its issue is. Deleting a thread or
 * an issue takes its entries with it (an undo of that deletion puts them back); deleting
 * an order leaves its threads and issues. An issue keeps the ids a reading list gave it
 * (`external_ids`: `[{source, series, issue}]`, from a CBL file's `<Database>`), written
 * back when the order is exported.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('reading_orders', (table) => {
      table.increments('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.string('name', 200).notNullable()
      table.string('mode', 8).notNullable().defaultTo('guide')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.check(`mode IN ('guide', 'strict')`, [], 'reading_orders_mode')
    })
    this.schema.raw(
      'CREATE INDEX reading_orders_user_changed ON reading_orders (user_id, updated_at DESC, id DESC)'
    )
    this.schema.createTable('order_entries', (table) => {
      table.increments('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('order_id').notNullable().references('reading_orders.id').onDelete('CASCADE')
      table.integer('position').notNullable()
      table.integer('issue_id').notNullable().references('issues.id').onDelete('CASCADE')
      table.unique(['order_id', 'position'])
      table.unique(['order_id', 'issue_id'])
      table.index(['issue_id'])
    })
    this.schema.alterTable('issues', (table) => {
      table.jsonb('external_ids').nullable()
    })
  }

  async down() {
    this.schema.alterTable('issues', (table) => {
      table.dropColumn('external_ids')
    })
    this.schema.dropTable('order_entries')
    this.schema.dropTable('reading_orders')
  }
}
