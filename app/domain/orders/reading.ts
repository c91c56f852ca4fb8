/**
 * Reading orders, read side: the reader's orders with their progress and next entry, an
 * order's entries with their issues' read state, and what the roll page tells of them
 * (each order's next entry, the threads strict orders hold back). No writes.
 */
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { Refusal } from '#domain/refusal'
import type { ExternalId } from '#domain/orders/entries'
import { preparedQuery } from '#services/prepared_statements'

export type OrderMode = 'guide' | 'strict'

export interface OrderEntryView {
  position: number
  threadId: number
  threadTitle: string
  issueId: number
  number: string
  read: boolean
  ids: ExternalId[]
}

export interface OrderView {
  id: number
  name: string
  mode: OrderMode
  entriesTotal: number
  entriesRead: number
  done: boolean
  nextEntry: OrderEntryView | null
  createdAt: Date
  updatedAt: Date
}

const ORDER_SQL = `SELECT o.id, o.name, o.mode, o.created_at, o.updated_at,
    (SELECT count(*) FROM order_entries e WHERE e.order_id = o.id)::int AS entries_total,
    (SELECT count(*) FROM order_entries e JOIN issues i ON i.id = e.issue_id
      WHERE e.order_id = o.id AND i.read_at IS NOT NULL)::int AS entries_read,
    n.position AS next_position, n.issue_id AS next_issue_id, n.number AS next_number,
    n.thread_id AS next_thread_id, n.title AS next_title, n.external_ids AS next_ids
  FROM reading_orders o
  LEFT JOIN LATERAL (
    SELECT e.position, e.issue_id, i.number, i.thread_id, t.title, i.external_ids
      FROM order_entries e JOIN issues i ON i.id = e.issue_id JOIN threads t ON t.id = i.thread_id
     WHERE e.order_id = o.id AND i.read_at IS NULL
     ORDER BY e.position LIMIT 1
  ) n ON true
 WHERE o.user_id = ?`

type OrderRow = Record<string, unknown> & { id: number; name: string; mode: OrderMode }

function orderOf(row: OrderRow): OrderView {
  const next =
    row.next_position === null
      ? null
      : {
          position: Number(row.next_position),
          threadId: Number(row.next_thread_id),
          threadTitle: String(row.next_title),
          issueId: Number(row.next_issue_id),
          number: String(row.next_number),
          read: false,
          ids: (row.next_ids as ExternalId[] | null) ?? [],
        }
  const total = Number(row.entries_total)
  const read = Number(row.entries_read)
  return {
    id: Number(row.id),
    name: row.name,
    mode: row.mode,
    entriesTotal: total,
    entriesRead: read,
    done: total > 0 && read === total,
    nextEntry: next,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  }
}

/** The reader's orders, newest first. */
export async function listOrders(user: User, client: QueryClientContract = db.connection()) {
  const { rows } = await client.rawQuery(`${ORDER_SQL} ORDER BY o.created_at DESC, o.id DESC`, [
    user.id,
  ])
  return (rows as OrderRow[]).map(orderOf)
}

/** One of the reader's orders, or null (another reader's id too). */
export async function orderOrNull(
  user: Pick<User, 'id'>,
  id: number,
  client: QueryClientContract = db.connection()
) {
  const { rows } =
    Number.isSafeInteger(id) && id > 0
      ? await client.rawQuery(`${ORDER_SQL} AND o.id = ?`, [user.id, id])
      : { rows: [] }
  return rows.length ? orderOf(rows[0]) : null
}

/** One of the reader's orders, or not found (another reader's id too). */
export async function findOrder(
  user: User,
  id: number,
  client: QueryClientContract = db.connection()
) {
  const order = await orderOrNull(user, id, client)
  if (!order) throw Refusal.notFound('That reading order is not yours, or it is gone.')
  return order
}

/** An order's entries in order, each with its thread and its issue's read state. */
export async function entriesOf(
  user: User,
  orderId: number,
  client: QueryClientContract = db.connection()
): Promise<OrderEntryView[]> {
  const { rows } = await client.rawQuery(
    `SELECT e.position, i.thread_id, t.title, e.issue_id, i.number, i.read_at IS NOT NULL AS read,
            i.external_ids
       FROM order_entries e JOIN issues i ON i.id = e.issue_id JOIN threads t ON t.id = i.thread_id
      WHERE e.user_id = ? AND e.order_id = ?
      ORDER BY e.position`,
    [user.id, orderId]
  )
  return rows.map((row: Record<string, unknown>) => ({
    position: Number(row.position),
    threadId: Number(row.thread_id),
    threadTitle: String(row.title),
    issueId: Number(row.issue_id),
    number: String(row.number),
    read: Boolean(row.read),
    ids: (row.external_ids as ExternalId[] | null) ?? [],
  }))
}

export interface OrderNext {
  id: number
  name: string
  mode: OrderMode
  nextEntry: OrderEntryView
}

/** A thread a strict order holds back from the roll pool, and the entry it waits for. */
export interface HeldBack {
  id: number
  title: string
  waitingFor: { orderId: number; orderName: string; threadTitle: string; number: string }
}

/** SQL: each order not done with its next entry, most recently changed first (one binding, the owner). */
const NEXT_ENTRIES_SQL = `SELECT o.id, o.name, o.mode, n.position, n.issue_id, n.number, n.thread_id,
       n.title, n.external_ids
  FROM reading_orders o
  JOIN LATERAL (
    SELECT e.position, e.issue_id, i.number, e.thread_id, t.title, i.external_ids
      FROM order_entries e JOIN issues i ON i.id = e.issue_id JOIN threads t ON t.id = e.thread_id
     WHERE e.order_id = o.id AND i.read_at IS NULL
     ORDER BY e.position LIMIT 1
  ) n ON true
 WHERE o.user_id = ?
 ORDER BY o.updated_at DESC, o.id DESC`

/**
 * SQL: the threads strict orders (`?::int[]`, the reader's, not done) hold back, each with
 * the strict orders listing its next unread issue. A thread holds back exactly when its
 * next unread issue is an entry of a strict order, unless it holds the first unread entry
 * of an order (`?::int[]`, those threads): that entry is then unread and comes after the
 * order's first unread entry, another thread's — the entry it waits for, the order's next.
 * An order's threads are walked on its (order_id, thread_id) index, one probe a thread,
 * rather than read from its every entry; the rows the walk yields are then taken only
 * with the owner's issues and entries. Bindings: the strict orders, the first entries'
 * threads, the owner, the strict orders, the owner.
 */
const HELD_BACK_SQL = `WITH strict_threads AS (
    SELECT DISTINCT walked.thread_id
      FROM unnest(?::int[]) AS o(id)
      CROSS JOIN LATERAL (
        WITH RECURSIVE walk(thread_id) AS (
          (SELECT thread_id FROM order_entries WHERE order_id = o.id ORDER BY thread_id LIMIT 1)
          UNION ALL
          SELECT (SELECT e.thread_id FROM order_entries e
                   WHERE e.order_id = o.id AND e.thread_id > w.thread_id
                   ORDER BY e.thread_id LIMIT 1)
            FROM walk w WHERE w.thread_id IS NOT NULL
        ) SELECT thread_id FROM walk WHERE thread_id IS NOT NULL
      ) walked
     WHERE NOT (walked.thread_id = ANY(?::int[]))
  ), nexts AS (
    SELECT s.thread_id, n.id AS issue_id
      FROM strict_threads s
      JOIN LATERAL (SELECT id FROM issues WHERE thread_id = s.thread_id AND user_id = ?
                       AND read_at IS NULL ORDER BY ordinal LIMIT 1) n ON true
  )
  SELECT x.thread_id, t.title, array_agg(e.order_id) AS order_ids
    FROM nexts x
    JOIN order_entries e ON e.issue_id = x.issue_id AND e.order_id = ANY(?::int[])
     AND e.user_id = ?
    JOIN threads t ON t.id = x.thread_id
   GROUP BY x.thread_id, t.title, t.sort_key
   ORDER BY t.sort_key, x.thread_id`

/**
 * What the roll page and the session tell of the reader's orders: every order not done
 * with its next entry (most recently changed first), and the threads strict orders hold
 * back (in queue order), each waiting for the next entry of the most recently changed order
 * holding it.
 * Asked only of readers who keep orders: two statements, reading a few rows an order (up
 * to its next entry) and a thread of a strict order (its index probe, up to its next issue).
 */
export async function orderFacts(client: QueryClientContract, userId: number) {
  // Prepared (planned once a connection): planning them cost more than running them.
  const { rows } = await preparedQuery(client, NEXT_ENTRIES_SQL, [userId])
  const orders: OrderNext[] = rows.map((row: Record<string, unknown>) => ({
    id: Number(row.id),
    name: String(row.name),
    mode: row.mode as OrderMode,
    nextEntry: {
      position: Number(row.position),
      threadId: Number(row.thread_id),
      threadTitle: String(row.title),
      issueId: Number(row.issue_id),
      number: String(row.number),
      read: false,
      ids: (row.external_ids as ExternalId[] | null) ?? [],
    },
  }))
  const strict = orders.filter((order) => order.mode === 'strict').map((order) => order.id)
  const firsts = [...new Set(orders.map((order) => order.nextEntry.threadId))]
  const { rows: held } = strict.length
    ? await preparedQuery(client, HELD_BACK_SQL, [strict, firsts, userId, strict, userId])
    : { rows: [] }
  const heldBack: HeldBack[] = held.map((row: Record<string, unknown>) => {
    const holding = new Set((row.order_ids as number[]).map(Number))
    const order = orders.find((candidate) => holding.has(candidate.id))!
    return {
      id: Number(row.thread_id),
      title: String(row.title),
      waitingFor: {
        orderId: order.id,
        orderName: order.name,
        threadTitle: order.nextEntry.threadTitle,
        number: order.nextEntry.number,
      },
    }
  })
  return { orders, heldBack }
}

/** No orders: what a reader without any is told. */
export const NO_ORDER_FACTS = { orders: [] as OrderNext[], heldBack: [] as HeldBack[] }
