import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * An account's credentials version, bumped whenever its ways in change (a new
 * password, an email change, signing out everywhere, an admin's revoke): a mailed
 * link made before works no more. The skeleton of each email, so a look-alike of an
 * existing address is refused (existing look-alikes stay as they are; the skeletons are
 * filled by migration 26). A third kind of
 * mailed link: undoing an email change from the old address, for 7 days.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('users', (table) => {
      table.integer('credentials_version').notNullable().defaultTo(0)
      table.string('email_skeleton', 1024).nullable().index()
    })
    this.schema.alterTable('mail_tokens', (table) => {
      table.integer('credentials_version').notNullable().defaultTo(0)
      table.string('previous_email', 254).nullable()
    })
    this.schema.raw('ALTER TABLE mail_tokens DROP CONSTRAINT mail_tokens_purpose')
    this.schema.raw(
      `ALTER TABLE mail_tokens ADD CONSTRAINT mail_tokens_purpose
         CHECK (purpose IN ('password_reset', 'email_change', 'email_revert'))`
    )
  }

  async down() {
    this.schema.raw(`DELETE FROM mail_tokens WHERE purpose = 'email_revert'`)
    this.schema.raw('ALTER TABLE mail_tokens DROP CONSTRAINT mail_tokens_purpose')
    this.schema.raw(
      `ALTER TABLE mail_tokens ADD CONSTRAINT mail_tokens_purpose
         CHECK (purpose IN ('password_reset', 'email_change'))`
    )
    this.schema.alterTable('mail_tokens', (table) => {
      table.dropColumn('credentials_version')
      table.dropColumn('previous_email')
    })
    this.schema.alterTable('users', (table) => {
      table.dropColumn('credentials_version')
      table.dropColumn('email_skeleton')
    })
  }
}
