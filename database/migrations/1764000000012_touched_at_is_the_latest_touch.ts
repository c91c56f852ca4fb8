import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A thread was last touched at the latest of its read, review and creation times
 * (`TOUCHED_AT` in app/domain/queue.ts, as `idleDays` counts them), not the first one
 * set: the stalest-thread index follows that expression.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('DROP INDEX IF EXISTS threads_user_touched_active')
    this.schema.raw(
      `CREATE INDEX threads_user_touched_active ON threads
         (user_id, (greatest(last_activity_at, last_review_at, created_at))) WHERE status = 'active'`
    )
  }

  async down() {
    this.schema.raw('DROP INDEX IF EXISTS threads_user_touched_active')
    this.schema.raw(
      `CREATE INDEX threads_user_touched_active ON threads
         (user_id, (coalesce(last_activity_at, last_review_at, created_at))) WHERE status = 'active'`
    )
  }
}
