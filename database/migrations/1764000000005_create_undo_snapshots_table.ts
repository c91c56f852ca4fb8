import { BaseSchema } from '@adonisjs/lucid/schema'

/** What each state-changing action needs to be undone: the prior state of what it touched. */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('undo_snapshots', (table) => {
      table.increments('id')
      table.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table
        .integer('session_id')
        .nullable()
        .references('id')
        .inTable('reading_sessions')
        .onDelete('SET NULL')
      table.string('action', 32).notNullable()
      table.string('description', 300).notNullable()
      table.jsonb('state').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('undone_at', { useTz: true }).nullable()
    })
    this.schema.raw(
      'CREATE INDEX undo_snapshots_user_open ON undo_snapshots (user_id, id DESC) WHERE undone_at IS NULL'
    )
  }

  async down() {
    this.schema.dropTable('undo_snapshots')
  }
}
