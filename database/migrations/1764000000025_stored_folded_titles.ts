import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Each title kept folded (unaccented, lower case) beside it, as a stored generated
 * column: a search compares every word with it and never folds a title again (an
 * unaccent() per thread cost most of a search). A search reads the reader's own threads
 * once, whatever its words, so its cost is bounded by the reader's pile and never
 * depends on other readers' threads or on the planner's statistics: the trigram index
 * over every reader's titles, which it could not use for words of one or two letters
 * and which misled plans for common ones, goes.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      'ALTER TABLE threads ADD COLUMN title_folded text GENERATED ALWAYS AS (fold(title)) STORED'
    )
    this.schema.raw('DROP INDEX threads_title_fold')
  }

  async down() {
    this.schema.raw(
      'CREATE INDEX threads_title_fold ON threads USING gin (fold(title) gin_trgm_ops)'
    )
    this.schema.raw('ALTER TABLE threads DROP COLUMN title_folded')
  }
}
