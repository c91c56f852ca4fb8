import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Why a token was revoked, so that a device signed out by something done elsewhere
 * (a password change, "sign out everywhere", a sign-out from another device's list, an
 * administrator) is told why on the sign-in page.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('access_tokens', (table) => {
      table.string('revoked_reason', 32).nullable()
    })
  }

  async down() {
    this.schema.alterTable('access_tokens', (table) => {
      table.dropColumn('revoked_reason')
    })
  }
}
