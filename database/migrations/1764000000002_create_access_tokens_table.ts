import { BaseSchema } from '@adonisjs/lucid/schema'

/** One row per issued JWT: a token is accepted only while its row is unrevoked and unexpired. */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('access_tokens', (table) => {
      table.increments('id')
      table.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.uuid('jti').notNullable().unique()
      table.string('user_agent', 512).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('last_used_at', { useTz: true }).nullable()
      table.timestamp('revoked_at', { useTz: true }).nullable()
      table.index(['user_id', 'created_at'])
      table.index(['expires_at'])
    })
  }

  async down() {
    this.schema.dropTable('access_tokens')
  }
}
