import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Indexes that let a reader's lists and exports be read a page at a time from where
 * the last page ended, whatever the pile's size: completed threads latest first (the
 * queue page's list, the API, the exports), sessions and events by id.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      `CREATE INDEX threads_user_completed ON threads (user_id, updated_at DESC, id DESC)
         WHERE sort_key IS NULL`
    )
    this.schema.raw('CREATE INDEX reading_sessions_user_id ON reading_sessions (user_id, id)')
    this.schema.raw('CREATE INDEX events_user_id ON events (user_id, id)')
  }

  async down() {
    this.schema.raw('DROP INDEX events_user_id')
    this.schema.raw('DROP INDEX reading_sessions_user_id')
    this.schema.raw('DROP INDEX threads_user_completed')
  }
}
