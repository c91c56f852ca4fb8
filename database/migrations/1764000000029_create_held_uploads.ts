import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A file a reader chose on a page, kept while the page asks them something about it
 * (which titles to skip, whether to add or replace) so they need not choose it again:
 * one a reader and kind of import, for an hour at most, gone with the account.
 */
export default class extends BaseSchema {
  protected tableName = 'held_uploads'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.uuid('id').primary()
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.string('kind', 16).notNullable()
      table.string('name', 255).notNullable()
      table.text('body').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['user_id', 'kind'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
