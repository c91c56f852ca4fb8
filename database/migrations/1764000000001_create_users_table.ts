import { BaseSchema } from '@adonisjs/lucid/schema'

/** Readers. The legacy row (id 1) has no email until it is claimed. */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('users', (table) => {
      table.increments('id')
      table.string('email', 254).nullable()
      table.string('password').nullable()
      table.boolean('is_admin').notNullable().defaultTo(false)
      table.integer('session_gap_hours').nullable()
      table.integer('start_die').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw('CREATE UNIQUE INDEX users_email_lower_unique ON users (lower(email))')
    this.schema.raw(
      `ALTER TABLE users ADD CONSTRAINT users_start_die_check CHECK (start_die IS NULL OR start_die IN (4, 6, 8, 10, 12, 20))`
    )
    this.schema.raw(
      `ALTER TABLE users ADD CONSTRAINT users_session_gap_check CHECK (session_gap_hours IS NULL OR session_gap_hours BETWEEN 1 AND 168)`
    )
  }

  async down() {
    this.schema.dropTable('users')
  }
}
