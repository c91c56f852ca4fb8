import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A thread's tags (horror, indie, capes…): `tags` as the reader typed them, `tag_keys`
 * the same compared case- and accent-insensitively (app/domain/tags.ts writes both), with
 * an index that finds the threads carrying some keys.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`ALTER TABLE threads
      ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
      ADD COLUMN tag_keys text[] NOT NULL DEFAULT '{}',
      ADD CONSTRAINT threads_tags_count CHECK (cardinality(tags) <= 20),
      ADD CONSTRAINT threads_tag_keys_match CHECK (cardinality(tag_keys) = cardinality(tags))`)
    this.schema.raw('CREATE INDEX threads_tag_keys ON threads USING gin (tag_keys)')
  }

  async down() {
    this.schema.raw('DROP INDEX IF EXISTS threads_tag_keys')
    this.schema.raw(
      'ALTER TABLE threads DROP CONSTRAINT threads_tag_keys_match, DROP CONSTRAINT threads_tags_count, DROP COLUMN tag_keys, DROP COLUMN tags'
    )
  }
}
