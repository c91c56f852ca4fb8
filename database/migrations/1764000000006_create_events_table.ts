import { BaseSchema } from '@adonisjs/lucid/schema'

/** The reading timeline. Events keep the thread's title so history survives deletions. */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('events', (table) => {
      table.increments('id')
      table.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table
        .integer('session_id')
        .nullable()
        .references('id')
        .inTable('reading_sessions')
        .onDelete('CASCADE')
      table
        .integer('snapshot_id')
        .nullable()
        .references('id')
        .inTable('undo_snapshots')
        .onDelete('SET NULL')
      table.string('type', 32).notNullable()
      table.integer('thread_id').nullable().references('id').inTable('threads').onDelete('SET NULL')
      table.string('thread_title', 200).nullable()
      table.integer('die').nullable()
      table.integer('result').nullable()
      table.string('selection_method', 16).nullable()
      table.decimal('rating', 2, 1).nullable()
      table.integer('issues_read').nullable()
      table.integer('die_after').nullable()
      table.string('queue_move', 16).nullable()
      table.integer('from_position').nullable()
      table.integer('to_position').nullable()
      table.boolean('undone').notNullable().defaultTo(false)
      table.integer('legacy_id').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['session_id', 'id'])
      table.index(['user_id', 'created_at'])
      table.index(['thread_id'])
      table.index(['snapshot_id'])
      table.unique(['user_id', 'legacy_id'])
    })
  }

  async down() {
    this.schema.dropTable('events')
  }
}
