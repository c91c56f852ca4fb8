import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Snoozes and two reader settings. A session lists the threads snoozed in it ("not
 * tonight": out of its roll pool until it ends). A reader chooses where a low rating
 * sends a thread (the back of the queue, or right after the roll pool) and their time
 * zone (null: UTC, until the browser or the reader names one).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('reading_sessions', (table) => {
      table.specificType('snoozed_thread_ids', 'integer[]').notNullable().defaultTo('{}')
    })
    this.schema.alterTable('users', (table) => {
      table.string('low_rating_placement', 16).notNullable().defaultTo('back')
      table.string('time_zone', 64).nullable()
    })
    this.schema.raw(
      `ALTER TABLE users ADD CONSTRAINT users_low_rating_placement
         CHECK (low_rating_placement IN ('back', 'after_pool'))`
    )
  }

  async down() {
    this.schema.alterTable('users', (table) => {
      table.dropColumn('time_zone')
      table.dropColumn('low_rating_placement')
    })
    this.schema.alterTable('reading_sessions', (table) => {
      table.dropColumn('snoozed_thread_ids')
    })
  }
}
