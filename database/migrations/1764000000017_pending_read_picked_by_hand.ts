import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Whether the pending read was picked by hand rather than rolled: the rate page says
 * which ("picked by hand", "rolled on the d6").
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('reading_sessions', (table) => {
      table.boolean('pending_by_hand').notNullable().defaultTo(false)
    })
  }

  async down() {
    this.schema.alterTable('reading_sessions', (table) => {
      table.dropColumn('pending_by_hand')
    })
  }
}
