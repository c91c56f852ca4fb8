import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Reading orders on the roll page: a pending read picked from an order carries that
 * entry's issue (rating it marks that issue read first); and each reader's row counts
 * their orders (kept by a trigger), so that the ritual's reads, for the many readers
 * without an order, look for none.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('reading_sessions', (table) => {
      table.integer('pending_issue_id').nullable().references('issues.id').onDelete('SET NULL')
    })
    this.schema.alterTable('users', (table) => {
      table.integer('orders_count').notNullable().defaultTo(0)
    })
    this.schema.raw(`
      CREATE FUNCTION count_reading_orders() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE users SET orders_count = orders_count + 1 WHERE id = NEW.user_id;
        ELSE
          UPDATE users SET orders_count = greatest(orders_count - 1, 0) WHERE id = OLD.user_id;
        END IF;
        RETURN NULL;
      END $$`)
    this.schema.raw(`
      CREATE TRIGGER reading_orders_counted AFTER INSERT OR DELETE ON reading_orders
        FOR EACH ROW EXECUTE FUNCTION count_reading_orders()`)
    this.schema.raw(
      'UPDATE users u SET orders_count = (SELECT count(*) FROM reading_orders o WHERE o.user_id = u.id)'
    )
  }

  async down() {
    this.schema.raw('DROP TRIGGER reading_orders_counted ON reading_orders')
    this.schema.raw('DROP FUNCTION count_reading_orders()')
    this.schema.alterTable('users', (table) => {
      table.dropColumn('orders_count')
    })
    this.schema.alterTable('reading_sessions', (table) => {
      table.dropColumn('pending_issue_id')
    })
  }
}
