import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Title search that ignores case and accents ("pokemon" finds "Pokémon"), served by a
 * trigram index: `fold(title)` is the title unaccented and lower-cased, and a search
 * for a part of it reads the index, not the pile. Both extensions are trusted: the
 * database's owner may create them.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('CREATE EXTENSION IF NOT EXISTS unaccent')
    this.schema.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    // unaccent() is only stable (its dictionary could change); naming the dictionary
    // makes a function the index may use.
    this.schema.raw(
      `CREATE FUNCTION fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
         RETURN lower(unaccent('unaccent'::regdictionary, $1))`
    )
    this.schema.raw(
      'CREATE INDEX threads_title_fold ON threads USING gin (fold(title) gin_trgm_ops)'
    )
  }

  async down() {
    this.schema.raw('DROP INDEX threads_title_fold')
    this.schema.raw('DROP FUNCTION fold(text)')
  }
}
