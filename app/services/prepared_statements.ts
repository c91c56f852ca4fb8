import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { LucidModel } from '@adonisjs/lucid/types/model'

/**
 * Named prepared statements for the statements every page view and action runs.
 * PostgreSQL parses, analyses and plans an unnamed statement on every execution; a
 * named one is parsed once per connection (node-postgres remembers which connection
 * prepared which name) and its plan can be reused. A name stands for exactly one
 * text, and only texts that do not vary with the data are named, so each connection
 * holds a small, bounded set; past the bound a statement simply runs unnamed.
 *
 * Named statements list their columns: a `*` would break them when a migration adds
 * a column while a server is running ("cached plan must not change result type").
 */
const names = new Map<string, string>()
const MOST_NAMES = 100

/** `client.rawQuery(text, bindings)`, run as the named prepared statement of `text`. */
export function preparedQuery(client: QueryClientContract, text: string, bindings: unknown[]) {
  const query = client.rawQuery(text, bindings as never[])
  let name = names.get(text)
  if (!name && names.size < MOST_NAMES) {
    name = `cp_${names.size + 1}`
    names.set(text, name)
  }
  if (name) query.knexQuery.options({ name })
  return query
}

/**
 * The columns of `Model` in `table`, listed (see above); with `prefix`, each is
 * aliased to `prefix` + its name, to pick the model's row out of a joined one.
 */
export function columnsOf(Model: LucidModel, table: string, prefix?: string) {
  return [...Model.$columnsDefinitions.values()].map(({ columnName }) =>
    prefix === undefined
      ? `${table}."${columnName}"`
      : `${table}."${columnName}" AS "${prefix}${columnName}"`
  )
}

/** A statement's text, built on first use (when the models it lists have booted). */
export function statementText(build: () => string): () => string {
  let text: string | undefined
  return () => (text ??= build())
}

/** The columns of a joined row named `prefix` + name (see `columnsOf`), without the prefix. */
export function pickPrefixed(row: Record<string, unknown>, prefix: string) {
  const picked: Record<string, unknown> = {}
  for (const key in row) if (key.startsWith(prefix)) picked[key.slice(prefix.length)] = row[key]
  return picked
}
