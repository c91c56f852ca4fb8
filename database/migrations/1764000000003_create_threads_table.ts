import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Threads of a reader's pile. Active threads are ordered by a sparse `sort_key`
 * (the position readers see is the rank, 1..n); completed threads have none.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('threads', (table) => {
      table.increments('id')
      table.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('title', 200).notNullable()
      table.string('format', 50).notNullable()
      table.integer('issues_remaining').notNullable().defaultTo(0)
      table.text('notes').nullable()
      table.text('review_url').nullable()
      table.timestamp('last_review_at', { useTz: true }).nullable()
      table.decimal('last_rating', 2, 1).nullable()
      table.timestamp('last_activity_at', { useTz: true }).nullable()
      table.string('status', 16).notNullable().defaultTo('active')
      table.bigInteger('sort_key').nullable()
      table.integer('legacy_id').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['user_id', 'legacy_id'])
    })
    this.schema.raw(
      `ALTER TABLE threads ADD CONSTRAINT threads_status_check CHECK (status IN ('active', 'completed'))`
    )
    this.schema.raw(
      `ALTER TABLE threads ADD CONSTRAINT threads_order_check CHECK ((status = 'active') = (sort_key IS NOT NULL))`
    )
    this.schema.raw(
      `ALTER TABLE threads ADD CONSTRAINT threads_issues_check CHECK (issues_remaining BETWEEN 0 AND 100000)`
    )
    this.schema.raw(
      `ALTER TABLE threads ADD CONSTRAINT threads_rating_check CHECK (last_rating IS NULL OR (last_rating BETWEEN 0 AND 5))`
    )
    this.schema.raw(
      `ALTER TABLE threads ADD CONSTRAINT threads_user_sort_key_unique UNIQUE (user_id, sort_key) DEFERRABLE INITIALLY DEFERRED`
    )
    this.schema.raw(
      `CREATE INDEX threads_user_status_activity ON threads (user_id, status, last_activity_at)`
    )
  }

  async down() {
    this.schema.dropTable('threads')
  }
}
