import { BaseSchema } from '@adonisjs/lucid/schema'

/** Reading sessions: at most one open (ended_at IS NULL) per reader. */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('reading_sessions', (table) => {
      table.increments('id')
      table.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.timestamp('started_at', { useTz: true }).notNullable()
      table.timestamp('ended_at', { useTz: true }).nullable()
      table.timestamp('last_activity_at', { useTz: true }).notNullable()
      table.integer('start_die').notNullable()
      table.integer('current_die').notNullable()
      table.integer('manual_die').nullable()
      table
        .integer('pending_thread_id')
        .nullable()
        .references('id')
        .inTable('threads')
        .onDelete('SET NULL')
      table.timestamp('pending_since', { useTz: true }).nullable()
      table.integer('legacy_id').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['user_id', 'started_at'])
      table.unique(['user_id', 'legacy_id'])
    })
    this.schema.raw(
      'CREATE UNIQUE INDEX reading_sessions_one_open ON reading_sessions (user_id) WHERE ended_at IS NULL'
    )
    const dice = '(4, 6, 8, 10, 12, 20)'
    this.schema.raw(
      `ALTER TABLE reading_sessions ADD CONSTRAINT reading_sessions_dice_check CHECK (start_die IN ${dice} AND current_die IN ${dice} AND (manual_die IS NULL OR manual_die IN ${dice}))`
    )
  }

  async down() {
    this.schema.dropTable('reading_sessions')
  }
}
