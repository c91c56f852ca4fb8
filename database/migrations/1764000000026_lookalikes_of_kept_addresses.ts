import { BaseSchema } from '@adonisjs/lucid/schema'
import { emailSkeleton } from '#services/email_identity'

/**
 * An address an account changed away from (and may take back for 7 days) is kept by its
 * look too: a look-alike of it cannot be registered meanwhile. The skeletons are made
 * anew: invisible characters and combining marks no longer count, and digits compare
 * with the letters they look like.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('mail_tokens', (table) => {
      table.string('previous_skeleton', 1024).nullable().index()
    })
    this.defer(async (db) => {
      const refresh = async (table: string, from: string, to: string) => {
        const rows = await db.from(table).whereNotNull(from).select('id', from)
        for (let start = 0; start < rows.length; start += 1000) {
          const chunk = rows.slice(start, start + 1000)
          await db.rawQuery(
            `UPDATE ${table} SET ${to} = given.skeleton
               FROM (SELECT unnest(?::int[]) AS id, unnest(?::text[]) AS skeleton) AS given
              WHERE ${table}.id = given.id`,
            [chunk.map((row) => row.id), chunk.map((row) => emailSkeleton(row[from]))]
          )
        }
      }
      await refresh('users', 'email', 'email_skeleton')
      await refresh('mail_tokens', 'previous_email', 'previous_skeleton')
    })
  }

  async down() {
    this.schema.alterTable('mail_tokens', (table) => {
      table.dropColumn('previous_skeleton')
    })
  }
}
