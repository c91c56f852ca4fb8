import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A thread's state is kept once: in the queue when it has a queue key (`sort_key`),
 * completed when it has none (app/domain/thread_state.ts). `status`, which was written
 * beside it and tied to it by a check, becomes a column generated from the key, so
 * nothing can write the two apart; the stalest-thread index reads the key.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('DROP INDEX IF EXISTS threads_user_touched_active')
    this.schema.raw('ALTER TABLE threads DROP CONSTRAINT IF EXISTS threads_order_check')
    this.schema.raw('ALTER TABLE threads DROP CONSTRAINT IF EXISTS threads_status_check')
    this.schema.raw('ALTER TABLE threads DROP COLUMN status')
    this.schema.raw(
      `ALTER TABLE threads ADD COLUMN status text GENERATED ALWAYS AS
         (CASE WHEN sort_key IS NULL THEN 'completed' ELSE 'active' END) STORED`
    )
    this.schema.raw(
      `CREATE INDEX threads_user_touched_active ON threads
         (user_id, (greatest(last_activity_at, last_review_at, created_at))) WHERE sort_key IS NOT NULL`
    )
  }

  async down() {
    this.schema.raw('DROP INDEX IF EXISTS threads_user_touched_active')
    this.schema.raw('ALTER TABLE threads DROP COLUMN status')
    this.schema.raw(`ALTER TABLE threads ADD COLUMN status varchar(16) NOT NULL DEFAULT 'active'`)
    this.schema.raw(`UPDATE threads SET status = 'completed' WHERE sort_key IS NULL`)
    this.schema.raw(
      `ALTER TABLE threads ADD CONSTRAINT threads_status_check CHECK (status IN ('active', 'completed'))`
    )
    this.schema.raw(
      `ALTER TABLE threads ADD CONSTRAINT threads_order_check CHECK ((status = 'active') = (sort_key IS NOT NULL))`
    )
    this.schema.raw(
      `CREATE INDEX threads_user_touched_active ON threads
         (user_id, (greatest(last_activity_at, last_review_at, created_at))) WHERE status = 'active'`
    )
  }
}
