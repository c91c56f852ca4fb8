import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Indexes for what every roll page asks: a reader's latest session (the open one,
 * else the newest) and the active thread left untouched longest. Both are read from
 * the index's first entry, however long the reader's history or pile.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      'CREATE INDEX reading_sessions_user_latest ON reading_sessions (user_id, (ended_at IS NULL), id)'
    )
    this.schema.raw(
      `CREATE INDEX threads_user_touched_active ON threads
         (user_id, (coalesce(last_activity_at, last_review_at, created_at))) WHERE status = 'active'`
    )
  }

  async down() {
    this.schema.raw('DROP INDEX threads_user_touched_active')
    this.schema.raw('DROP INDEX reading_sessions_user_latest')
  }
}
