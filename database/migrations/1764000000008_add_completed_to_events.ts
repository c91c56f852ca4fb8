import { BaseSchema } from '@adonisjs/lucid/schema'

/** Marks the rate events whose read finished the thread (history lists completions). */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('events', (table) => {
      table.boolean('completed').notNullable().defaultTo(false)
    })
  }

  async down() {
    this.schema.alterTable('events', (table) => {
      table.dropColumn('completed')
    })
  }
}
