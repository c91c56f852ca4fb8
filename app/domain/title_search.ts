import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * Search by words: a title matches when it holds every word of the search, in any
 * order, each as a part of it, case and accents aside ("spider amazing" finds "The
 * Amazing Spider-Man", "thread 11" finds "Thread 011" and "Thread 110"). What a search
 * counts is bounded: its total is exact up to SEARCH_TOTAL_CAP and capped beyond.
 */

/** Words a search may have, and characters. */
export const SEARCH_WORDS = 10
export const SEARCH_CHARS = 200
/** Matches a search counts exactly; past it the total is this and said to be capped. */
export const SEARCH_TOTAL_CAP = 10_000
/** How long a search's statements may run before the answer is a 503 (they rarely near it). */
export const SEARCH_TIMEOUT_MS = 3000

/** The distinct words of a search (split on spaces). */
export function searchWords(q: string): string[] {
  return [...new Set(q.trim().split(/\s+/).filter(Boolean))]
}

/** A word as a LIKE pattern for any part of a folded title (its own % and _ taken literally). */
function containing(word: string) {
  return `%${word.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
}

/**
 * SQL: the thread `table` (a table's name or alias) has a title holding every word of
 * `q`, case and accents aside, with its bindings. Each word is one comparison with the
 * stored folded title (threads.title_folded).
 */
export function titleMatch(table: string, q: string): { sql: string; bindings: string[] } {
  const words = searchWords(q)
  return {
    // Each pattern folded once (a sub-select), not again for every row it is compared with.
    sql: words.map(() => `${table}.title_folded LIKE (SELECT fold(?))`).join(' AND '),
    bindings: words.map(containing),
  }
}

/**
 * Runs a search's reads in a transaction whose statements may each take at most
 * SEARCH_TIMEOUT_MS (past it PostgreSQL cancels them; the answer is a 503), on one core
 * (no parallel workers: one reader's search never takes the others' CPU).
 */
export function inSearchTime<T>(work: (trx: TransactionClientContract) => Promise<T>) {
  return db.transaction(async (trx) => {
    await trx.rawQuery(
      `SET LOCAL statement_timeout = ${SEARCH_TIMEOUT_MS}; SET LOCAL max_parallel_workers_per_gather = 0`
    )
    return work(trx)
  })
}

/**
 * SQL: how many of `rows` (a select of the reader's threads with `title_folded`) match
 * `q`, up to the cap and one more. The reader's threads are read first (`OFFSET 0` keeps
 * the planner from reaching for another plan), then matched: a cost bounded by the pile.
 */
export function cappedCount(rows: string, q: string) {
  const match = titleMatch('candidate', q)
  return {
    sql: `(SELECT count(*) FROM (SELECT 1 FROM (${rows} OFFSET 0) candidate WHERE ${match.sql}
            LIMIT ${SEARCH_TOTAL_CAP + 1}) capped)`,
    bindings: match.bindings,
  }
}
