import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Read-only links to a reader's queue or one of their reading orders (app/domain/shares.ts).
 * A link's token is never stored: only its SHA-256 (`token_hash`) and its last four
 * characters (`ends_with`, to tell links apart). Deleting the reader or the order deletes
 * its links; nothing of an undo puts one back.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`CREATE TABLE shares (
      id serial PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      what text NOT NULL CHECK (what IN ('queue', 'order')),
      order_id integer REFERENCES reading_orders (id) ON DELETE CASCADE,
      token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
      ends_with text NOT NULL CHECK (length(ends_with) = 4),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT shares_order_when_order CHECK ((what = 'order') = (order_id IS NOT NULL)))`)
    this.schema.raw('CREATE INDEX shares_user ON shares (user_id, created_at, id)')
    this.schema.raw('CREATE INDEX shares_order ON shares (order_id) WHERE order_id IS NOT NULL')
  }

  async down() {
    this.schema.raw('DROP TABLE shares')
  }
}
