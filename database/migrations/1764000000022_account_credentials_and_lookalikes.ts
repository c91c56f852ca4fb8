import { BaseSchema } from '@adonisjs/lucid/schema'
import { emailSkeleton } from '#services/email_identity'

/**
 * An account's credentials version, bumped whenever its ways in change (a new
 * password, an email change, signing out everywhere, an admin's revoke): a mailed
 * link made before works no more. The skeleton of each email, so a look-alike of an
 * existing address is refused (existing look-alikes stay as they are). A third kind of
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
    this.defer(async (db) => {
      const users = await db.from('users').whereNotNull('email').select('id', 'email')
      for (let start = 0; start < users.length; start += 1000) {
        const chunk = users.slice(start, start + 1000)
        await db.rawQuery(
          `UPDATE users SET email_skeleton = given.skeleton
             FROM (SELECT unnest(?::int[]) AS id, unnest(?::text[]) AS skeleton) AS given
            WHERE users.id = given.id`,
          [chunk.map((user) => user.id), chunk.map((user) => emailSkeleton(user.email))]
        )
      }
    })
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
