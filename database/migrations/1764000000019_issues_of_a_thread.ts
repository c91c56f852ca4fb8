import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A thread may list its issues, in reading order, each read or not. The thread keeps
 * what its pages and the queue show of the list (how many issues it lists, the next
 * one to read) beside `issues_remaining`, which then counts the unread ones; a thread
 * listing none has nulls there. An issue added by an import carries its snapshot id,
 * like the import's threads. Events of issues name theirs (`issue_number`: "14",
 * "Annual 1", or the list as added: "1-25, 30").
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('issues', (table) => {
      table.increments('id')
      table.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table
        .integer('thread_id')
        .notNullable()
        .references('id')
        .inTable('threads')
        .onDelete('CASCADE')
      table
        .integer('snapshot_id')
        .nullable()
        .references('id')
        .inTable('undo_snapshots')
        .onDelete('SET NULL')
      table.string('number', 20).notNullable()
      table.integer('ordinal').notNullable()
      table.timestamp('read_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['thread_id', 'ordinal'])
      table.index(['user_id'])
    })
    this.schema.raw('CREATE UNIQUE INDEX issues_thread_number ON issues (thread_id, lower(number))')
    this.schema.raw(
      'CREATE INDEX issues_thread_unread ON issues (thread_id, ordinal) WHERE read_at IS NULL'
    )
    this.schema.raw(
      'CREATE INDEX issues_user_snapshot ON issues (user_id, snapshot_id) WHERE snapshot_id IS NOT NULL'
    )
    this.schema.alterTable('threads', (table) => {
      table.integer('issues_total').nullable()
      table.string('next_issue', 20).nullable()
    })
    this.schema.alterTable('events', (table) => {
      table.string('issue_number', 200).nullable()
    })
  }

  async down() {
    this.schema.alterTable('events', (table) => {
      table.dropColumn('issue_number')
    })
    this.schema.alterTable('threads', (table) => {
      table.dropColumn('next_issue')
      table.dropColumn('issues_total')
    })
    this.schema.dropTable('issues')
  }
}
