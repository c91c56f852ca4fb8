import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Stale threads are found by when they were last touched (read, rated or reviewed),
 * through `threads_user_touched_active`; the index on `last_activity_at` alone serves
 * no query and only costs every rating that moves a thread an update of it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('DROP INDEX IF EXISTS threads_user_status_activity')
  }

  async down() {
    this.schema.raw(
      'CREATE INDEX threads_user_status_activity ON threads (user_id, status, last_activity_at)'
    )
  }
}
