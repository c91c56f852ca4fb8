import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import { RANKED_QUEUE } from '#domain/queue'
import { SEARCH_TOTAL_CAP, cappedCount, inSearchTime, titleMatch } from '#domain/title_search'
import { currentState } from '#domain/reading_state'
import { tagKey } from '#domain/tags'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import Thread from '#models/thread'
import { type ThreadState, inQueue, inQueueSql } from '#domain/thread_state'

export type ListStatus = ThreadState | 'all'

export interface ListOptions {
  status: ListStatus
  /** Part of a title, matched whatever its case and accents. */
  q?: string
  /** Tags a thread carries every one of (app/domain/tags.ts). */
  tags?: string[]
  perPage: number
  cursor?: string
}

/**
 * Where a page ends: in the queue (its last key and position), or among completed
 * threads, latest first (its last change, as text to keep the microseconds, and id).
 */
type Cursor =
  { in: 'queue'; key: string; position: number } | { in: 'done'; at: string; id: number }

export type ListResult =
  | { threads: Thread[]; total: number; totalCapped: boolean; nextCursor: string | null }
  | { invalidCursor: true }

const encode = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url')

function decode(text: string): Cursor | null {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (
      value?.in === 'queue' &&
      /^-?\d{1,19}$/.test(value.key) &&
      Number.isSafeInteger(value.position)
    )
      return value
    if (value?.in === 'done' && typeof value.at === 'string' && Number.isSafeInteger(value.id))
      return value
  } catch {}
  return null
}

/** What a list asks of the threads of `table`: the words of `q`, every tag of `tags`; null for nothing. */
function listFilter(table: string, options: Pick<ListOptions, 'q' | 'tags'>) {
  const parts: Array<{ sql: string; bindings: unknown[] }> = []
  if (options.q) parts.push(titleMatch(table, options.q))
  if (options.tags?.length) {
    parts.push({ sql: `${table}.tag_keys @> ?::text[]`, bindings: [options.tags.map(tagKey)] })
  }
  if (!parts.length) return null
  return {
    sql: parts.map((part) => part.sql).join(' AND '),
    bindings: parts.flatMap((part) => part.bindings),
  }
}

function matching(query: ModelQueryBuilderContract<typeof Thread>, options: ListOptions) {
  const filter = listFilter('threads', options)
  if (filter) query.whereRaw(filter.sql, filter.bindings as never[])
  return query
}

/**
 * A page of the reader's threads: the queue in order (with positions), then completed
 * threads, latest first; only those whose title contains `q` when given. Pages are
 * read from where the last one ended (its cursor), through indexes: a page deep in a
 * huge pile costs what the first does. `total` counts every thread that matches (a
 * search's up to its cap, `totalCapped` then). A search runs within its time.
 */
export function listThreads(userId: number, options: ListOptions): Promise<ListResult> {
  return options.q
    ? inSearchTime((trx) => readList(userId, options, trx))
    : readList(userId, options, db.connection())
}

/** What each list holds: the queue (in order), the completed threads (latest first), or both. */
const LISTED: Record<ListStatus, { queue: boolean; done: boolean }> = {
  active: { queue: true, done: false },
  completed: { queue: false, done: true },
  all: { queue: true, done: true },
}

async function readList(
  userId: number,
  options: ListOptions,
  client: QueryClientContract
): Promise<ListResult> {
  const cursor = options.cursor ? decode(options.cursor) : null
  if (options.cursor && !cursor) return { invalidCursor: true }
  const owned = () => Thread.query({ client }).where('threads.user_id', userId)
  const threads: Thread[] = []
  const wanted = options.perPage + 1

  const { queue, done } = LISTED[options.status]
  if (queue && cursor?.in !== 'done') {
    const after = cursor?.in === 'queue' ? cursor.key : null
    const filter = listFilter('ranked', options)
    const rows = filter
      ? await searchQueue(client, userId, filter, after, wanted)
      : await owned()
          .whereRaw(inQueueSql())
          .if(after !== null, (query) => query.where('threads.sort_key', '>', after!))
          .orderBy('threads.sort_key')
          .limit(wanted)
    let position = cursor?.in === 'queue' ? cursor.position : 0
    for (const thread of rows) {
      position = filter ? Number(thread.$extras.queue_position) : position + 1
      thread.position = position
      threads.push(thread)
    }
  }
  if (done && threads.length < wanted) {
    const query = matching(owned().whereRaw(inQueueSql('threads', false)), options).select(
      'threads.*',
      client.raw('updated_at::text AS updated_key')
    )
    if (cursor?.in === 'done') {
      query.whereRaw('(updated_at, id) < (?::timestamptz, ?)', [cursor.at, cursor.id])
    }
    const rows = await query
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(wanted - threads.length)
    for (const thread of rows) {
      thread.position = null
      threads.push(thread)
    }
  }

  const more = threads.length > options.perPage
  const page = threads.slice(0, options.perPage)
  const last = page.at(-1)
  const nextCursor =
    more && last
      ? encode(
          inQueue(last)
            ? { in: 'queue', key: String(last.sortKey), position: last.position! }
            : { in: 'done', at: last.$extras.updated_key, id: last.id }
        )
      : null

  const total = await countThreads(client, userId, options)
  const totalCapped = Boolean(options.q) && total > SEARCH_TOTAL_CAP
  return {
    threads: page,
    total: totalCapped ? SEARCH_TOTAL_CAP : total,
    totalCapped,
    nextCursor,
  }
}

/**
 * The reader's queued threads that `match` (a search's words, tags), in queue order after
 * the key `after`, each with its position (`$extras.queue_position`): one pass over the
 * queue in order (its index), numbering it as it goes, stopping at `limit` matches. A
 * search's threads are spread through the queue; its plan holds whatever the statistics.
 */
async function searchQueue(
  client: QueryClientContract,
  userId: number,
  match: { sql: string; bindings: unknown[] },
  after: string | null,
  limit: number
) {
  const { rows } = await client.rawQuery(
    `SELECT threads.*, ranked.queue_position
       FROM (${RANKED_QUEUE}) ranked JOIN threads ON threads.id = ranked.id
      WHERE ${match.sql}${after !== null ? ' AND ranked.sort_key > ?' : ''}
      ORDER BY ranked.sort_key LIMIT ?`,
    [userId, ...match.bindings, ...(after !== null ? [after] : []), limit] as never[]
  )
  return Thread.$createMultipleFromAdapterResult(rows, {}, { client })
}

/** How many of the reader's threads a list has: a search's, up to its cap and one more. */
async function countThreads(client: QueryClientContract, userId: number, options: ListOptions) {
  const status = {
    active: ` AND ${inQueueSql()}`,
    completed: ` AND ${inQueueSql('threads', false)}`,
    all: '',
  }
  const tagged = listFilter('threads', { tags: options.tags })
  const owned = `FROM threads WHERE user_id = ?${status[options.status]}${tagged ? ` AND ${tagged.sql}` : ''}`
  const count = options.q
    ? cappedCount(`SELECT title_folded ${owned}`, options.q)
    : { sql: `(SELECT count(*) ${owned})`, bindings: [] }
  const { rows } = await client.rawQuery(`SELECT ${count.sql} AS total`, [
    userId,
    ...(tagged?.bindings ?? []),
    ...count.bindings,
  ] as never[])
  return Number(rows[0].total)
}

/**
 * A page of the queue (as `listThreads` with status active) with the die the next roll
 * uses and how many threads that roll can pick (its pool: snoozed threads left out).
 * The page is read first: a cursor it refuses ends the request before the state is read.
 */
export async function listQueue(user: User, options: Omit<ListOptions, 'status'>) {
  const page = await listThreads(user.id, { ...options, status: 'active' })
  if ('invalidCursor' in page) return page
  const state = await currentState(user)
  return { ...page, die: state.die, rollPoolSize: state.pool.length }
}
