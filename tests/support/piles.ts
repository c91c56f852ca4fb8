import db from '@adonisjs/lucid/services/db'

/** Every row of a reader's that a reading order can touch, to compare before and after. */
export async function orderPileOf(userId: number) {
  const rows = (table: string) => db.from(table).where('user_id', userId).orderBy('id')
  return {
    threads: await rows('threads'),
    issues: await rows('issues'),
    orders: await rows('reading_orders'),
    entries: await rows('order_entries'),
  }
}
