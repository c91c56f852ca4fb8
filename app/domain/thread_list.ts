import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import { RANKED_KEYS, titleContaining } from '#domain/queue'
import { currentState } from '#domain/reading_state'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import Thread from '#models/thread'

export type ListStatus = 'active' | 'completed' | 'all'

export interface ListOptions {
  status: ListStatus
  /** Part of a title, matched whatever its case and accents. */
  q?: string
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
  { threads: Thread[]; total: number; nextCursor: string | null } | { invalidCursor: true }

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

function matching(query: ModelQueryBuilderContract<typeof Thread>, q?: string) {
  if (q) query.whereRaw('fold(threads.title) LIKE fold(?)', [titleContaining(q)])
  return query
}

/**
 * A page of the reader's threads: the queue in order (with positions), then completed
 * threads, latest first; only those whose title contains `q` when given. Pages are
 * read from where the last one ended (its cursor), through indexes: a page deep in a
 * huge pile costs what the first does. `total` counts every thread that matches.
 */
export async function listThreads(
  userId: number,
  options: ListOptions,
  client: QueryClientContract = db.connection()
): Promise<ListResult> {
  const cursor = options.cursor ? decode(options.cursor) : null
  if (options.cursor && !cursor) return { invalidCursor: true }
  const owned = () => Thread.query({ client }).where('threads.user_id', userId)
  const threads: Thread[] = []
  const wanted = options.perPage + 1

  if (options.status !== 'completed' && cursor?.in !== 'done') {
    const query = matching(owned().whereNotNull('threads.sort_key'), options.q)
    if (cursor?.in === 'queue') query.where('threads.sort_key', '>', cursor.key)
    if (options.q) {
      // A search's threads are spread through the queue: their positions are the ranks
      // of their keys among all the reader's keys (read from the index alone).
      query
        .joinRaw(`JOIN ${RANKED_KEYS} ON ranked.ranked_key = threads.sort_key`, [userId])
        .select('threads.*', 'ranked.queue_position')
    }
    const rows = await query.orderBy('threads.sort_key').limit(wanted)
    let position = cursor?.in === 'queue' ? cursor.position : 0
    for (const thread of rows) {
      position = options.q ? Number(thread.$extras.queue_position) : position + 1
      thread.position = position
      threads.push(thread)
    }
  }
  if (options.status !== 'active' && threads.length < wanted) {
    const query = matching(owned().whereNull('sort_key'), options.q).select(
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
          last.sortKey !== null
            ? { in: 'queue', key: String(last.sortKey), position: last.position! }
            : { in: 'done', at: last.$extras.updated_key, id: last.id }
        )
      : null

  const counted = matching(owned(), options.q)
  if (options.status === 'active') counted.whereNotNull('sort_key')
  if (options.status === 'completed') counted.whereNull('sort_key')
  const [{ $extras }] = await counted.count('* as total')
  return { threads: page, total: Number($extras.total), nextCursor }
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
