import { BaseSchema } from '@adonisjs/lucid/schema'

/** Locks shared by every app process (@adonisjs/lock's database store): one import per reader. */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('locks', (table) => {
      table.string('key', 255).notNullable().primary()
      table.string('owner').notNullable()
      table.bigint('expiration').unsigned().nullable()
    })
  }

  async down() {
    this.schema.dropTable('locks')
  }
}
