import { BaseSchema } from '@adonisjs/lucid/schema'

const MONTH = `'^[0-9]{4}-(0[1-9]|1[0-2])$'`

/**
 * The pile at each month's end, recorded from this version on (app/domain/pile_months.ts):
 * `users.pile_month` is the reader's month (in their time zone) of their latest change, and
 * the first change of a later month records the pile as it stood — the end of that month
 * and of every quiet month since — in `pile_months`.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`ALTER TABLE users ADD COLUMN pile_month text CHECK (pile_month ~ ${MONTH})`)
    this.schema.raw(`CREATE TABLE pile_months (
      user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      month text NOT NULL CHECK (month ~ ${MONTH}),
      active_threads integer NOT NULL CHECK (active_threads >= 0),
      issues_left bigint NOT NULL CHECK (issues_left >= 0),
      PRIMARY KEY (user_id, month))`)
  }

  async down() {
    this.schema.raw('DROP TABLE pile_months')
    this.schema.raw('ALTER TABLE users DROP COLUMN pile_month')
  }
}
