import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A folded title has its runs of spaces made one and its ends trimmed, besides being
 * unaccented and lower-cased: "Civil  War" (two spaces, as a list pasted from elsewhere
 * may carry) and "Civil War" are one title to a reading order's matching, to the
 * duplicates check and to the search. The stored column is made again from the new fold.
 */
const FOLD = (body: string) =>
  `CREATE OR REPLACE FUNCTION fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
     RETURN ${body}`

const UNACCENTED = `lower(unaccent('unaccent'::regdictionary, $1))`

export default class extends BaseSchema {
  async up() {
    this.schema.raw('ALTER TABLE threads DROP COLUMN title_folded')
    this.schema.raw(FOLD(`btrim(regexp_replace(${UNACCENTED}, '\\s+', ' ', 'g'))`))
    this.schema.raw(
      'ALTER TABLE threads ADD COLUMN title_folded text GENERATED ALWAYS AS (fold(title)) STORED'
    )
    this.schema.raw('CREATE INDEX threads_user_title_folded ON threads (user_id, title_folded)')
  }

  async down() {
    this.schema.raw('ALTER TABLE threads DROP COLUMN title_folded')
    this.schema.raw(FOLD(UNACCENTED))
    this.schema.raw(
      'ALTER TABLE threads ADD COLUMN title_folded text GENERATED ALWAYS AS (fold(title)) STORED'
    )
    this.schema.raw('CREATE INDEX threads_user_title_folded ON threads (user_id, title_folded)')
  }
}
