import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * An import's claim on its reader is a session-level advisory lock now, which ends with
 * the process that holds it: the table of leases it was kept in (which outlived a
 * killed process for ten minutes) goes.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.dropTableIfExists('locks')
  }

  async down() {
    this.schema.createTable('locks', (table) => {
      table.string('key', 255).notNullable().primary()
      table.string('owner').notNullable()
      table.bigint('expiration').unsigned().nullable()
    })
  }
}
