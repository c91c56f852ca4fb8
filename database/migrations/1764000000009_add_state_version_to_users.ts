import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A counter every change to a reader's state bumps (under the reader's lock). The
 * locking statement of an action compares it with what its snapshot saw, so it can
 * load the reader's state in the same statement and know when that read is stale.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('users', (table) => {
      table.bigInteger('state_version').notNullable().defaultTo(0)
    })
  }

  async down() {
    this.schema.alterTable('users', (table) => {
      table.dropColumn('state_version')
    })
  }
}
