import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Tonight's filter, kept on the session it holds for (a new session starts without): the
 * tags the roll pool is narrowed to (`filter_include`, any of them; empty for none) and
 * those it leaves out (`filter_exclude`), as the pile spells them, with their keys for
 * the pool's statements (threads.tag_keys). All four are set together or not at all, and a
 * set filter names at least one tag.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`ALTER TABLE reading_sessions
      ADD COLUMN filter_include text[],
      ADD COLUMN filter_exclude text[],
      ADD COLUMN filter_include_keys text[],
      ADD COLUMN filter_exclude_keys text[],
      ADD CONSTRAINT reading_sessions_filter_whole CHECK (
        (filter_include IS NULL) = (filter_exclude IS NULL)
        AND (filter_include IS NULL) = (filter_include_keys IS NULL)
        AND (filter_include IS NULL) = (filter_exclude_keys IS NULL)),
      ADD CONSTRAINT reading_sessions_filter_names CHECK (
        filter_include IS NULL OR (
          cardinality(filter_include) = cardinality(filter_include_keys)
          AND cardinality(filter_exclude) = cardinality(filter_exclude_keys)
          AND cardinality(filter_include) + cardinality(filter_exclude) BETWEEN 1 AND 40))`)
  }

  async down() {
    this.schema.raw(`ALTER TABLE reading_sessions
      DROP CONSTRAINT reading_sessions_filter_names, DROP CONSTRAINT reading_sessions_filter_whole,
      DROP COLUMN filter_exclude_keys, DROP COLUMN filter_include_keys,
      DROP COLUMN filter_exclude, DROP COLUMN filter_include`)
  }
}
