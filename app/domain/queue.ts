import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type Thread from '#models/thread'
import { GAP, clampPosition, keyBeyond, keyBetween } from '#domain/queue_keys'
import { positionAfterPool } from '#domain/roll_pool'
import { fitsFilterSql } from '#domain/tonight_filter'
import { SEARCH_TOTAL_CAP, cappedCount, titleMatch } from '#domain/title_search'
import { inQueue, inQueueSql, queueKeyOf } from '#domain/thread_state'
import { keyOf } from '#domain/thread_fields'
import { tagKey } from '#domain/tags'

/**
 * The queue: a reader's active threads in order, stored as sparse keys (see
 * queue_keys.ts), so a move touches one row; the position readers see is the rank,
 * always 1..n. Every count, rank and end below reads the (user_id, sort_key) index.
 */
export { GAP }

/** Threads a reader's pile may hold, active and completed. */
export const PILE_LIMIT = 100_000

/*
 * A thread is in the queue exactly when it has a sort key (app/domain/thread_state.ts),
 * so the queue's counts, ranks and ends read the (user_id, sort_key) index alone, never
 * the threads' rows (a rank deep in a huge pile costs a count of index entries, not a
 * visit of each row).
 */

/** SQL: the queue of `owner` (a column or `?`) as `q`, for subqueries that read the index. */
const queueOf = (owner: string) =>
  `FROM threads q WHERE q.user_id = ${owner} AND ${inQueueSql('q')}`

export async function activeCount(client: QueryClientContract, userId: number) {
  const row = await client
    .from('threads')
    .where('user_id', userId)
    .whereRaw(inQueueSql())
    .count('* as total')
    .first()
  return Number(row.total)
}

/** When a thread counts as stale: the time it was last touched (read, rated or reviewed). */
export const TOUCHED_AT = 'greatest(last_activity_at, last_review_at, created_at)'

/** The page sizes a reader may choose for the queue page, the first the default. */
export const QUEUE_PAGE_SIZES = [100, 50, 25] as const
export type QueuePageSize = (typeof QUEUE_PAGE_SIZES)[number]

/** The page (1-based) that shows `position`, `size` threads a page. */
export const pageOf = (position: number, size: number = QUEUE_PAGE_SIZES[0]) =>
  Math.max(1, Math.ceil(position / size))

/** A row of the queue page: what it shows, and what `idleDays` reads. */
export interface QueueRow {
  id: number
  title: string
  format: string
  issuesRemaining: number
  /** The next issue to read, for a thread that lists its issues. */
  nextIssue: string | null
  /** Its tags as the reader spells them. */
  tags: string[]
  position: number
  lastActivityAt: Date | null
  lastReviewAt: Date | null
  createdAt: Date
}

/** The columns a queue page shows of each thread (a row has each by its model's name). */
const PAGE_COLUMNS = [
  'id',
  'title',
  'format',
  'issues_remaining',
  'next_issue',
  'tags',
  'last_activity_at',
  'last_review_at',
  'created_at',
]

/**
 * One page of the queue (`size` threads; with `q`, only those whose title holds every
 * word of it, case and accents aside) with their positions and, from the same query,
 * how many threads it pages through (a search's up to its cap: `capped`). The rows are
 * plain objects, not models: a page has up to a hundred and only shows them.
 */
export async function queuePage(
  userId: number,
  options: { page: number; size: number; q?: string; tags?: string[] },
  client: QueryClientContract = db.connection()
) {
  const { page, size, q } = options
  const asked = Boolean(q || options.tags?.length)
  const offset = (page - 1) * size
  const rows: Record<string, any>[] = asked
    ? await searchPage(client, userId, options, offset, size)
    : await client
        .from('threads')
        .where('threads.user_id', userId)
        .whereRaw(inQueueSql())
        .select(
          ...PAGE_COLUMNS,
          // How many the pages go through, from the index (a window count would read every row).
          client.raw(`(SELECT count(*) ${queueOf('?')}) AS queue_total`, [userId])
        )
        // The page starts at the key `offset` keys in, found in the index: an OFFSET here
        // would read every row of the earlier pages.
        .whereRaw(
          `sort_key >= (SELECT q.sort_key ${queueOf('?')} ORDER BY q.sort_key OFFSET ? LIMIT 1)`,
          [userId, offset]
        )
        .orderBy('sort_key')
        .limit(size)
  const threads = rows.map((row, index) => {
    const shown = Object.fromEntries(PAGE_COLUMNS.map((column) => [keyOf(column), row[column]]))
    return {
      ...shown,
      position: asked ? Number(row.queue_position) : offset + index + 1,
    } as QueueRow
  })
  const counted = rows.length
    ? Number(rows[0].queue_total)
    : asked
      ? 0
      : await activeCount(client, userId)
  const capped = Boolean(q) && counted > SEARCH_TOTAL_CAP
  const total = capped ? SEARCH_TOTAL_CAP : counted
  return {
    threads,
    total,
    capped,
    page,
    pages: Math.max(1, Math.ceil(total / size)),
    offset,
    size,
  }
}

/**
 * A page of a search of the queue (the words of `q`, every tag of `tags`): the queue
 * numbered in one pass (see RANKED_QUEUE), its matches kept, with how many match counted
 * (a search's up to the cap and one more).
 */
async function searchPage(
  client: QueryClientContract,
  userId: number,
  asked: { q?: string; tags?: string[] },
  offset: number,
  size: number
) {
  const keys = asked.tags?.length ? asked.tags.map(tagKey) : null
  const tagged = (table: string) => (keys ? ` AND ${table}.tag_keys @> ?::text[]` : '')
  const tagBinding = keys ? [keys] : []
  const count = asked.q
    ? cappedCount(`SELECT q.title_folded ${queueOf('?')}${tagged('q')}`, asked.q)
    : { sql: `(SELECT count(*) ${queueOf('?')}${tagged('q')})`, bindings: [] }
  const match = asked.q ? titleMatch('ranked', asked.q) : { sql: 'true', bindings: [] }
  const { rows } = await client.rawQuery(
    `SELECT ${PAGE_COLUMNS.map((column) => `threads.${column}`).join(', ')},
            ranked.queue_position, ${count.sql} AS queue_total
       FROM (${RANKED_QUEUE}) ranked JOIN threads ON threads.id = ranked.id
      WHERE ${match.sql}${tagged('ranked')}
      ORDER BY ranked.sort_key OFFSET ? LIMIT ?`,
    [
      userId,
      ...tagBinding,
      ...count.bindings,
      userId,
      ...match.bindings,
      ...tagBinding,
      offset,
      size,
    ] as never[]
  )
  return rows as Record<string, any>[]
}

/** Rank of one active thread (null when completed): the keys before its own. */
export async function positionOf(client: QueryClientContract, thread: Thread) {
  const key = queueKeyOf(thread)
  if (key === null) return null
  const row = await client
    .from('threads')
    .where('user_id', thread.userId)
    .where('sort_key', '<', key)
    .count('* as total')
    .first()
  return Number(row.total) + 1
}

/**
 * Columns to load with a thread that is about to move to the front or back: its rank,
 * the keys at either end and, when it may go to the back, how many threads are active.
 * Each reads the (user_id, sort_key) index, not the pile.
 */
export function queueFactColumns(countActive: boolean): Array<[string, unknown[]]> {
  const active = queueOf('threads.user_id')
  const [ahead, first, last, count] = QUEUE_FACTS
  return [
    [`(SELECT count(*) ${active} AND q.sort_key < threads.sort_key) AS ${ahead}`, []],
    [`(SELECT min(q.sort_key) ${active}) AS ${first}`, []],
    [`(SELECT max(q.sort_key) ${active}) AS ${last}`, []],
    [`CASE WHEN ? THEN (SELECT count(*) ${active}) END AS ${count}`, [countActive]],
  ]
}

/** The names of the columns of `queueFactColumns`. */
const QUEUE_FACTS = ['queue_ahead', 'queue_first_key', 'queue_last_key', 'queue_active'] as const

/** The queue facts of a row loaded with `queueFactColumns`, to load with its thread. */
export function pickQueueFacts(row: Record<string, unknown>) {
  return Object.fromEntries(QUEUE_FACTS.map((name) => [name, row[name]]))
}

/**
 * SQL: a reader's queue in order, as `(id, sort_key, title_folded, tag_keys, queue_position)`, every
 * thread numbered in one pass over the (user_id, sort_key) index; one binding: the owner.
 * A search filters it (its threads are spread through the queue and keep their places)
 * and joins the few rows it shows.
 */
export const RANKED_QUEUE = `SELECT t.id, t.sort_key, t.title_folded, t.tag_keys,
    row_number() OVER (ORDER BY t.sort_key) AS queue_position
  FROM threads t WHERE t.user_id = ? AND ${inQueueSql('t')}`

const numberOrNull = (value: unknown) =>
  value === null || value === undefined ? null : Number(value)

/** What the columns of `queueFactColumns` say about `thread` and a `move` of it. */
export function queueFacts(thread: Thread, move: 'front' | 'back' | null) {
  const extras = thread.$extras
  const isActive = inQueue(thread)
  const total = Number(extras.queue_active ?? 0)
  return {
    position: isActive ? Number(extras.queue_ahead) + 1 : null,
    frontKey: keyBeyond(numberOrNull(extras.queue_first_key), 'front'),
    backKey: keyBeyond(numberOrNull(extras.queue_last_key), 'back'),
    /** Where the thread stands after `move` (null when it leaves the queue). */
    positionAfter: move === 'front' ? 1 : move === 'back' ? total + (isActive ? 0 : 1) : null,
  }
}

async function edgeKey(client: QueryClientContract, userId: number, edge: 'front' | 'back') {
  const row = await client
    .from('threads')
    .where('user_id', userId)
    .whereRaw(inQueueSql())
    .select(client.raw(`${edge === 'front' ? 'min' : 'max'}(sort_key) as key`))
    .first()
  return keyBeyond(numberOrNull(row.key), edge)
}

/** Key for a thread placed at the front (position 1) or the back. */
export const frontKey = (client: QueryClientContract, userId: number) =>
  edgeKey(client, userId, 'front')
export const backKey = (client: QueryClientContract, userId: number) =>
  edgeKey(client, userId, 'back')

/** Spreads the keys of a reader's active threads evenly again, GAP apart (rare: when two neighbours touch). */
export async function renumber(client: QueryClientContract, userId: number) {
  await client.rawQuery(
    `UPDATE threads SET sort_key = ranked.rank * ?
       FROM (SELECT id, row_number() OVER (ORDER BY sort_key) AS rank
               FROM threads WHERE user_id = ? AND ${inQueueSql()}) AS ranked
      WHERE threads.id = ranked.id`,
    [GAP, userId]
  )
}

/**
 * The key that puts `thread` at `position` (clamped to 1..n) among the others.
 * Reads the two neighbours by index; renumbers first when they have no room between them.
 */
export async function keyForPosition(
  client: QueryClientContract,
  thread: Thread,
  position: number
): Promise<number> {
  const others = (await activeCount(client, thread.userId)) - (inQueue(thread) ? 1 : 0)
  const target = clampPosition(position, others)
  if (target === 1) return frontKey(client, thread.userId)
  if (target === others + 1) return backKey(client, thread.userId)

  // The other threads' keys are read from the index alone: keys are unique per reader,
  // so leaving out the thread's own key (when it has one) leaves out the thread.
  let ownKey = thread.sortKey
  for (let attempt = 0; attempt < 2; attempt++) {
    const otherKeys = client.from('threads').where('user_id', thread.userId).whereRaw(inQueueSql())
    if (ownKey !== null) otherKeys.whereNot('sort_key', ownKey)
    const neighbours = await otherKeys
      .orderBy('sort_key')
      .offset(target - 2)
      .limit(2)
      .select('sort_key')
    const [before, after] = neighbours.map((row) => Number(row.sort_key))
    const between = keyBetween(before, after)
    if (between !== null) return between
    await renumber(client, thread.userId)
    if (ownKey !== null) {
      const own = await client
        .from('threads')
        .where({ id: thread.id, user_id: thread.userId })
        .select('sort_key')
        .first()
      ownKey = Number(own.sort_key)
    }
  }
  throw new Error('queue keys could not be spread')
}

/**
 * Where "right after the roll pool" puts `thread` (see `positionAfterPool`): its
 * position and key, or null when the queue is too short for it to be anywhere but the
 * back. `die` is the die the next roll uses, `snoozed` the session's snoozed threads; with
 * tonight's filter (its keys), the pool is of the threads that fit it, and the place is
 * right after the `die`-th of them in the whole queue.
 */
export async function afterPoolPlace(
  client: QueryClientContract,
  thread: Thread,
  die: number,
  snoozed: readonly number[],
  filter: { include: string[]; exclude: string[] } | null = null
) {
  const position = filter
    ? await placeAfterFilteredPool(client, thread, die, snoozed, filter)
    : positionAfterPool(await topIdsBut(client, thread, die + snoozed.length), die, [...snoozed])
  if (position === null) return null
  return { position, key: await keyForPosition(client, thread, position) }
}

/** The ids of the first `limit` threads of the queue but `thread`, in order. */
async function topIdsBut(client: QueryClientContract, thread: Thread, limit: number) {
  const rows = await client
    .from('threads')
    .where('user_id', thread.userId)
    .whereRaw(inQueueSql())
    .whereNot('id', thread.id)
    .orderBy('sort_key')
    .limit(limit)
    .select('id')
  return rows.map((row) => Number(row.id))
}

/** `positionAfterPool` over the threads that fit a filter, in one pass of the queue. */
async function placeAfterFilteredPool(
  client: QueryClientContract,
  thread: Thread,
  die: number,
  snoozed: readonly number[],
  filter: { include: string[]; exclude: string[] }
) {
  const fits = fitsFilterSql('threads', '?::text[]', '?::text[]')
  const { rows } = await client.rawQuery(
    `SELECT position FROM (
       SELECT counts, row_number() OVER w AS position, count(*) FILTER (WHERE counts) OVER w AS counted
         FROM (SELECT sort_key, ${fits} AND NOT (id = ANY(?::int[])) AS counts FROM threads
                WHERE user_id = ? AND ${inQueueSql()} AND id <> ?) AS threads
       WINDOW w AS (ORDER BY sort_key ROWS UNBOUNDED PRECEDING)) AS numbered
     WHERE counts AND counted = ? LIMIT 1`,
    [filter.include, filter.include, filter.exclude, [...snoozed], thread.userId, thread.id, die]
  )
  return rows[0] ? Number(rows[0].position) + 1 : null
}
