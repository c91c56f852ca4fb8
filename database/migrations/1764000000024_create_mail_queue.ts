import { BaseSchema } from '@adonisjs/lucid/schema'
import { getConstructionPlans } from 'pg-boss'

/**
 * The schema of pg-boss, the queue mail is sent through: a mail the app promised is a
 * job stored with the change that promised it and sent until the mail server takes it,
 * across restarts and crashes. The app never lets pg-boss change its own schema: an
 * upgrade of pg-boss that needs one comes as a migration of its `getMigrationPlans`.
 * Its plan opens and commits its own transaction.
 */
export default class extends BaseSchema {
  static disableTransactions = true

  async up() {
    this.schema.raw(getConstructionPlans('pgboss'))
  }

  async down() {
    this.schema.raw('DROP SCHEMA IF EXISTS pgboss CASCADE')
  }
}
