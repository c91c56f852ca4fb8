/**
 * Tonight's filter: for one session the reader narrows the roll to threads carrying some
 * tags ("only horror") or none of others ("no capes"). The roll pool is then the first
 * threads of the queue that fit, counted past the snoozed and held-back ones as always.
 * It lives on the session (a new session starts without), and setting or clearing it is an
 * action of the ritual (ritual.ts), undoable like the others.
 */
import type ReadingSession from '#models/reading_session'
import { tagKey } from '#domain/tags'
import { listed } from '#services/words'

/** A filter as the reader reads it: tags in (any of them; none: no narrowing) and tags out. */
export interface TonightFilter {
  include: string[]
  exclude: string[]
}

/** A session's filter, or null when it has none. */
export function filterOf(
  session: Pick<ReadingSession, 'filterInclude' | 'filterExclude'> | null | undefined
): TonightFilter | null {
  if (!session?.filterInclude) return null
  return { include: [...session.filterInclude], exclude: [...(session.filterExclude ?? [])] }
}

/** The keys a filter compares threads' `tag_keys` by. */
export function filterKeys(
  session: Pick<ReadingSession, 'filterIncludeKeys' | 'filterExcludeKeys'>
) {
  if (!session.filterIncludeKeys) return null
  return { include: session.filterIncludeKeys, exclude: session.filterExcludeKeys ?? [] }
}

/** The session columns that set `filter` (spelled as the pile spells it), or clear it (null). */
export function filterColumns(filter: TonightFilter | null) {
  return {
    filterInclude: filter ? [...filter.include] : null,
    filterExclude: filter ? [...filter.exclude] : null,
    filterIncludeKeys: filter ? filter.include.map(tagKey) : null,
    filterExcludeKeys: filter ? filter.exclude.map(tagKey) : null,
  }
}

/** A filter in words: "only horror or indie, no capes". */
export function filterText(filter: TonightFilter) {
  const parts = []
  if (filter.include.length) parts.push(`only ${listed(filter.include, 'or')}`)
  if (filter.exclude.length) parts.push(`no ${listed(filter.exclude, 'or')}`)
  return parts.join(', ')
}

/**
 * SQL: whether the threads row `alias` fits a filter whose include and exclude keys are
 * the SQL expressions given (text[]): it carries one of the included tags (when any are
 * named) and none of the excluded ones. It reads `tag_keys` (GIN-indexed).
 */
export function fitsFilterSql(alias: string, include: string, exclude: string) {
  return `(cardinality(${include}) = 0 OR ${alias}.tag_keys && ${include})
    AND NOT (${alias}.tag_keys && ${exclude})`
}

/** What a roll answers when no thread of the queue fits tonight's filter. */
export const nothingFits = (filter: TonightFilter) =>
  `Nothing in your queue fits tonight’s filter (${filterText(filter)}). Change it or clear it to roll over the whole queue.`
