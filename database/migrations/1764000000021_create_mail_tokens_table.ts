import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Single-use tokens sent by mail: a password reset (valid an hour) or the confirmation
 * of a new email address (a day, with that address). Only a SHA-256 of each token is
 * kept; the token itself exists only in the mail.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('mail_tokens', (table) => {
      table.increments('id')
      table.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('purpose', 16).notNullable()
      table.string('token_hash', 64).notNullable().unique()
      table.string('new_email', 254).nullable()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('used_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['user_id', 'purpose'])
    })
    this.schema.raw(
      `ALTER TABLE mail_tokens ADD CONSTRAINT mail_tokens_purpose
         CHECK (purpose IN ('password_reset', 'email_change'))`
    )
  }

  async down() {
    this.schema.dropTable('mail_tokens')
  }
}
