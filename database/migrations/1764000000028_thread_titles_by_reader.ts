import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A reader's titles, folded, looked up one by one: adding a thread (or a list, or an
 * import) asks first when the pile already holds its title (case and accents aside).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('CREATE INDEX threads_user_title_folded ON threads (user_id, title_folded)')
  }

  async down() {
    this.schema.raw('DROP INDEX IF EXISTS threads_user_title_folded')
  }
}
