import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { withUserLock } from '#domain/user_lock'
import { GAP, PILE_LIMIT, backKey } from '#domain/queue'
import {
  type ImportPlan,
  type ImportRefusal,
  type PlannedOrder,
  type Ref,
  type RowError,
  withoutThreads,
} from '#domain/imports/plan'
import { type Duplicate, type OnDuplicate, duplicatesToSkip } from '#domain/duplicates'
import { ORDERS_PER_READER } from '#domain/orders/entries'
import { rowTransitions } from '#domain/thread_state'
import { THREAD_FIELDS } from '#domain/thread_fields'
import { spelledAllAsThePile, tagColumns } from '#domain/tags'

/** Rows per statement: each statement stays short, and other requests run between them. */
const CHUNK_ROWS = 2000

/** Alongside what the reader has, instead of it, or `ask` which when they have threads. */
export type ImportMode = 'add' | 'replace' | 'ask'

export interface ImportCounts {
  threads: number
  sessions: number
  events: number
  reviews: number
  /** The file's threads left out as already in the pile (`on_duplicate` skip). */
  skipped: Duplicate[]
}

/** What an import's undo snapshot says: undone by its batch (see undoImportBatch). */
export interface BatchState {
  batch: true
  mode: 'add' | 'replace'
}

/** The tables an import adds to, in the order rows can be put back (each may point at the one before). */
const TABLES = [
  'threads',
  'issues',
  'reading_orders',
  'order_entries',
  'reading_sessions',
  'events',
] as const

async function allocateIds(trx: TransactionClientContract, table: string, count: number) {
  const { rows } = await trx.rawQuery(
    `SELECT nextval(pg_get_serial_sequence(?, 'id'))::int AS id FROM generate_series(1, ?)`,
    [table, count]
  )
  return rows.map((row: { id: number }) => row.id)
}

/**
 * Inserts rows given as objects in chunks: one statement per chunk, its rows passed as
 * one JSON parameter and read back with their column types (`recordType`), whatever
 * their number (PostgreSQL takes at most 65,535 parameters a statement).
 */
/**
 * A column an insert writes: its name, the type it is read from the rows' JSON as (null:
 * not read, `select` gives it), and what is selected for it (else the value read).
 */
type Column = [name: string, type: string | null, select?: string]

interface TableInsert {
  table: string
  columns: string
  select: string
  recordType: string
}

/** The statement parts of an insert of `columns` into `table`, from one list. */
function tableInsert(table: string, columns: Column[]): TableInsert {
  return {
    table,
    columns: columns.map(([name]) => name).join(', '),
    select: columns.map(([name, , select]) => select ?? `r.${name}`).join(', '),
    recordType: columns
      .filter(([, type]) => type !== null)
      .map(([name, type]) => `${name} ${type}`)
      .join(', '),
  }
}

/** How an import writes threads: their fields as declared, and what the import works out. */
export const THREAD_INSERT = tableInsert('threads', [
  ['id', 'int'],
  ['legacy_id', 'int'],
  ['issues_total', 'int'],
  ['next_issue', 'text'],
  ['sort_key', 'bigint'],
  ['tag_keys', 'text[]'],
  // A thread's own fields (app/domain/thread_fields.ts); one made now if the file says not when
  ...THREAD_FIELDS.map(({ name, type }): Column =>
    name === 'created_at' ? [name, type, `coalesce(r.${name}, now())`] : [name, type]
  ),
  ['updated_at', null, 'now()'],
])

async function insertRows(
  trx: TransactionClientContract,
  insert: TableInsert,
  owner: { userId: number; snapshotId: number },
  rows: Record<string, unknown>[]
) {
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    await trx.rawQuery(
      `INSERT INTO ${insert.table} (${insert.columns}, user_id, snapshot_id)
       SELECT ${insert.select}, ?, ? FROM jsonb_to_recordset(?::jsonb) AS r(${insert.recordType})`,
      [owner.userId, owner.snapshotId, JSON.stringify(rows.slice(start, start + CHUNK_ROWS))]
    )
  }
}

async function ordersOf(trx: TransactionClientContract, userId: number): Promise<number> {
  const { rows } = await trx.rawQuery(
    'SELECT count(*)::int AS total FROM reading_orders WHERE user_id = ?',
    [userId]
  )
  return rows[0].total
}

/**
 * The plan's reading orders, after its threads and issues: each entry is the issue of its
 * thread with that number (case aside), in the file's order; an entry whose issue is not
 * there is left out.
 */
async function insertOrders(
  trx: TransactionClientContract,
  owner: { userId: number; snapshotId: number },
  orders: PlannedOrder[],
  threadId: (ref: Ref | null) => number | null
) {
  if (!orders.length) return
  const orderIds = await allocateIds(trx, 'reading_orders', orders.length)
  await insertRows(
    trx,
    {
      table: 'reading_orders',
      columns: 'id, name, mode',
      select: 'r.id, r.name, r.mode',
      recordType: 'id int, name text, mode text',
    },
    owner,
    orders.map((order, index) => ({ id: orderIds[index], name: order.name, mode: order.mode }))
  )
  for (const [index, order] of orders.entries()) {
    const entries = order.entries.map((entry, position) => ({
      thread_id: threadId(entry.thread),
      number: entry.number,
      position,
    }))
    await trx.rawQuery(
      `INSERT INTO order_entries (order_id, position, issue_id, thread_id, user_id, snapshot_id)
       SELECT ?, row_number() OVER (ORDER BY x.position), x.issue_id, x.thread_id, ?, ?
         FROM (SELECT DISTINCT ON (i.id) r.position, i.id AS issue_id, i.thread_id
                 FROM jsonb_to_recordset(?::jsonb) AS r(thread_id int, number text, position int)
                 JOIN issues i ON i.thread_id = r.thread_id AND i.user_id = ?
                  AND lower(i.number) = lower(r.number)
                ORDER BY i.id, r.position) x`,
      [orderIds[index], owner.userId, owner.snapshotId, JSON.stringify(entries), owner.userId]
    )
  }
}

/** A thread's issues of a file whose labels the database reads as the same issue (case aside). */
class RepeatedIssue extends Error {}

/** Inserts issues like `insertRows`; two labels the database takes as one are the file's fault. */
async function insertIssues(...args: Parameters<typeof insertRows>) {
  try {
    await insertRows(...args)
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new RepeatedIssue()
    throw error
  }
}

/** Unknown threads among the reviews' (another reader's is unknown too), as row errors. */
async function unknownReviewThreads(
  trx: TransactionClientContract,
  userId: number,
  plan: ImportPlan
): Promise<RowError[]> {
  if (!plan.reviews.length) return []
  const ids = [...new Set(plan.reviews.map((review) => review.threadId))]
  const { rows } = await trx.rawQuery(
    `SELECT id FROM threads WHERE user_id = ? AND id IN (SELECT jsonb_array_elements_text(?::jsonb)::int)`,
    [userId, JSON.stringify(ids)]
  )
  const known = new Set(rows.map((row: { id: number }) => row.id))
  return plan.reviews
    .filter((review) => !known.has(review.threadId))
    .map((review) => ({
      row: review.row,
      message: `Thread ${review.threadId} is not in your pile.`,
    }))
}

/** Keeps the reader's rows of every table (and which session each undo snapshot names) for the undo. */
async function archiveEverything(
  trx: TransactionClientContract,
  userId: number,
  snapshotId: number
) {
  for (const table of TABLES) {
    await trx.rawQuery(
      `INSERT INTO undo_rows (snapshot_id, user_id, table_name, row)
       SELECT ?, ?, ?, to_jsonb(t) FROM ${table} t WHERE t.user_id = ?`,
      [snapshotId, userId, table, userId]
    )
  }
  await trx.rawQuery(
    `INSERT INTO undo_rows (snapshot_id, user_id, table_name, row)
     SELECT ?, ?, 'undo_snapshots', jsonb_build_object('id', id, 'session_id', session_id)
       FROM undo_snapshots WHERE user_id = ? AND session_id IS NOT NULL`,
    [snapshotId, userId, userId]
  )
  for (const table of [...TABLES].reverse()) {
    await trx.rawQuery(`DELETE FROM ${table} WHERE user_id = ?`, [userId])
  }
}

async function applyReviews(
  trx: TransactionClientContract,
  userId: number,
  snapshotId: number,
  plan: ImportPlan
) {
  const latest = [...new Map(plan.reviews.map((review) => [review.threadId, review])).values()]
  const changes = JSON.stringify(latest.map((r) => ({ id: r.threadId, url: r.url, at: r.at })))
  await trx.rawQuery(
    `INSERT INTO undo_rows (snapshot_id, user_id, table_name, row)
     SELECT ?, ?, 'threads', to_jsonb(t) FROM threads t
      WHERE t.user_id = ? AND t.id IN (SELECT (c->>'id')::int FROM jsonb_array_elements(?::jsonb) c)`,
    [snapshotId, userId, userId, changes]
  )
  await trx.rawQuery(
    `UPDATE threads SET review_url = r.url, last_review_at = r.at, updated_at = now()
       FROM jsonb_to_recordset(?::jsonb) AS r(id int, url text, at timestamptz)
      WHERE threads.id = r.id AND threads.user_id = ?`,
    [changes, userId]
  )
  return latest.length
}

/**
 * Stores a plan for `user` in one transaction under their lock, as one undoable
 * action: `add` puts it alongside what they have; `replace` swaps their threads,
 * sessions and events for it; `ask` is refused when they already have threads.
 * Added alongside, a thread whose title the pile holds is added, skipped or asked
 * first as `onDuplicate` says. Nothing is parsed here: the lock and the connection are
 * held for the writes alone.
 */
export function writeImport(
  userId: number,
  plan: ImportPlan,
  mode: ImportMode,
  onDuplicate: OnDuplicate = 'add'
): Promise<ImportCounts | ImportRefusal> {
  return storeImport(userId, plan, mode, onDuplicate).catch((error) => {
    if (!(error instanceof RepeatedIssue)) throw error
    const refusal: ImportRefusal = {
      kind: 'file',
      message:
        'A thread of the file lists the same issue twice (case aside). Nothing was imported.',
    }
    return refusal
  })
}

function storeImport(
  userId: number,
  file: ImportPlan,
  mode: ImportMode,
  onDuplicate: OnDuplicate
): Promise<ImportCounts | ImportRefusal> {
  return withUserLock(userId, async (trx): Promise<ImportCounts | ImportRefusal> => {
    const { rows } = await trx.rawQuery(
      'SELECT count(*)::int AS total FROM threads WHERE user_id = ?',
      [userId]
    )
    const existing: number = rows[0].total
    if (mode === 'ask' && existing > 0) {
      return {
        kind: 'mode',
        message: `Your account already has ${existing === 1 ? 'a thread' : `${existing} threads`}. Import with mode “add” to put the file’s alongside, or “replace” to swap yours for the file’s (undoable).`,
      }
    }
    const skipped =
      mode === 'replace' || existing === 0
        ? []
        : await duplicatesToSkip(
            trx,
            userId,
            file.threads.map((thread) => thread.title),
            onDuplicate
          )
    const plan = withoutThreads(file, new Map(skipped.map((d) => [d.index, d.threadId])))
    const kept = mode === 'replace' ? 0 : existing
    if (kept + plan.threads.length > PILE_LIMIT) {
      return {
        kind: 'file',
        message: `A pile holds at most ${PILE_LIMIT.toLocaleString('en')} threads; with this file yours would hold ${(kept + plan.threads.length).toLocaleString('en')}.`,
      }
    }
    const keptOrders = mode === 'replace' ? 0 : await ordersOf(trx, userId)
    if (keptOrders + (plan.orders?.length ?? 0) > ORDERS_PER_READER) {
      return {
        kind: 'file',
        message: `A reader keeps at most ${ORDERS_PER_READER} reading orders; with this file you would keep ${keptOrders + (plan.orders?.length ?? 0)}.`,
      }
    }
    const unknown = await unknownReviewThreads(trx, userId, plan)
    if (unknown.length) return { kind: 'rows', errors: unknown }

    const counts: ImportCounts = { threads: 0, sessions: 0, events: 0, reviews: 0, skipped }
    const nothing = !plan.threads.length && !plan.sessions.length && !plan.events.length
    if (nothing && !plan.reviews.length) return counts

    const state: BatchState = { batch: true, mode: mode === 'replace' ? 'replace' : 'add' }
    const snapshot = await trx.rawQuery(
      `INSERT INTO undo_snapshots (user_id, session_id, action, description, state)
       VALUES (?, NULL, 'import', ?, ?::jsonb) RETURNING id`,
      [userId, plan.description.slice(0, 300), JSON.stringify(state)]
    )
    const owner = { userId, snapshotId: Number(snapshot.rows[0].id) }
    if (mode === 'replace') await archiveEverything(trx, userId, owner.snapshotId)
    if (plan.reviews.length)
      counts.reviews = await applyReviews(trx, userId, owner.snapshotId, plan)

    const threadIds = await allocateIds(trx, 'threads', plan.threads.length)
    // Tags the pile carries keep its spelling; new ones the file's first.
    const tags = await spelledAllAsThePile(
      trx,
      userId,
      plan.threads.map((thread) => thread.tags ?? [])
    )
    let key = await backKey(trx, userId)
    await insertRows(
      trx,
      THREAD_INSERT,
      owner,
      plan.threads.map((thread, index) => {
        const queued =
          thread.state === 'active' ? rowTransitions.queue(key) : rowTransitions.complete()
        if (thread.state === 'active') key += GAP
        const own = thread as unknown as Record<string, unknown>
        return {
          id: threadIds[index],
          legacy_id: thread.legacyId ?? null,
          issues_total: thread.issues?.length || null,
          next_issue: thread.issues?.find((issue) => issue.readAt === null)?.number ?? null,
          ...queued,
          ...Object.fromEntries(
            THREAD_FIELDS.map(({ name, key: planned, none }) => [name, own[planned] ?? none])
          ),
          tags: tags[index],
          tag_keys: tagColumns(tags[index]).tagKeys,
        }
      })
    )
    const threadId = (ref: Ref | null) =>
      ref === null ? null : 'id' in ref ? ref.id : threadIds[ref.planned]

    await insertIssues(
      trx,
      {
        table: 'issues',
        columns: 'thread_id, number, ordinal, read_at',
        select: 'r.thread_id, r.number, r.ordinal, r.read_at',
        recordType: 'thread_id int, number text, ordinal int, read_at timestamptz',
      },
      owner,
      plan.threads.flatMap((thread, index) =>
        (thread.issues ?? []).map((issue, ordinal) => ({
          thread_id: threadIds[index],
          number: issue.number,
          ordinal: ordinal + 1,
          read_at: issue.readAt,
        }))
      )
    )

    const sessionIds = await allocateIds(trx, 'reading_sessions', plan.sessions.length)
    const { rows: open } = await trx.rawQuery(
      'SELECT 1 FROM reading_sessions WHERE user_id = ? AND ended_at IS NULL LIMIT 1',
      [userId]
    )
    await insertRows(
      trx,
      {
        table: 'reading_sessions',
        columns: `id, legacy_id, started_at, ended_at, last_activity_at, start_die, current_die,
          manual_die, pending_thread_id, pending_since`,
        select: `r.id, r.legacy_id, r.started_at, r.ended_at, r.last_activity_at, r.start_die,
          r.current_die, r.manual_die, r.pending_thread_id, r.pending_since`,
        recordType: `id int, legacy_id int, started_at timestamptz, ended_at timestamptz,
          last_activity_at timestamptz, start_die int, current_die int, manual_die int,
          pending_thread_id int, pending_since timestamptz`,
      },
      owner,
      plan.sessions.map((session, index) => ({
        id: sessionIds[index],
        legacy_id: session.legacyId ?? null,
        started_at: session.startedAt,
        ended_at:
          session.open && open.length === 0 ? null : (session.endedAt ?? session.lastActivityAt),
        last_activity_at: session.lastActivityAt,
        start_die: session.startDie,
        current_die: session.currentDie,
        manual_die: session.manualDie,
        pending_thread_id: threadId(session.pendingThread),
        pending_since: session.pendingSince,
      }))
    )
    const sessionId = (ref: Ref | null) =>
      ref === null ? null : 'id' in ref ? ref.id : sessionIds[ref.planned]

    await insertRows(
      trx,
      {
        table: 'events',
        columns: `legacy_id, session_id, thread_id, type, thread_title, die, result, selection_method,
          rating, issues_read, issue_number, die_after, queue_move, from_position, to_position, completed,
          undone, created_at`,
        select: `r.legacy_id, r.session_id, r.thread_id, r.type, r.thread_title, r.die, r.result,
          r.selection_method, r.rating, r.issues_read, r.issue_number, r.die_after, r.queue_move,
          r.from_position, r.to_position, r.completed, r.undone, r.created_at`,
        recordType: `legacy_id int, session_id int, thread_id int, type text, thread_title text, die int,
          result int, selection_method text, rating numeric, issues_read int, issue_number text, die_after int,
          queue_move text, from_position int, to_position int, completed boolean, undone boolean,
          created_at timestamptz`,
      },
      owner,
      plan.events.map((event) => ({
        legacy_id: event.legacyId ?? null,
        session_id: sessionId(event.session),
        thread_id: threadId(event.thread),
        type: event.type,
        thread_title: event.threadTitle,
        die: event.die,
        result: event.result,
        selection_method: event.selectionMethod,
        rating: event.rating,
        issues_read: event.issuesRead,
        issue_number: event.issueNumber ?? null,
        die_after: event.dieAfter,
        queue_move: event.queueMove,
        from_position: event.fromPosition,
        to_position: event.toPosition,
        completed: event.completed,
        undone: event.undone,
        created_at: event.createdAt,
      }))
    )
    await insertOrders(trx, owner, plan.orders ?? [], threadId)
    counts.threads = plan.threads.length
    counts.sessions = plan.sessions.length
    counts.events = plan.events.length
    return counts
  })
}

/** The columns of `table` a row is written with (not the generated ones), to put rows back as they were kept. */
async function columnsOfTable(trx: TransactionClientContract, table: string): Promise<string[]> {
  const { rows } = await trx.rawQuery(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER'
      ORDER BY ordinal_position`,
    [table]
  )
  return rows.map((row: { column_name: string }) => `"${row.column_name}"`)
}

/**
 * Undoes an import by its batch, whatever its size: deletes the rows it added (they
 * carry its snapshot's id) and puts back, as they were, the rows it replaced or changed.
 */
export async function undoImportBatch(
  trx: TransactionClientContract,
  userId: number,
  snapshotId: number
) {
  for (const table of [...TABLES].reverse()) {
    await trx.rawQuery(`DELETE FROM ${table} WHERE user_id = ? AND snapshot_id = ?`, [
      userId,
      snapshotId,
    ])
  }
  for (const table of TABLES) {
    const columns = await columnsOfTable(trx, table)
    const kept = `FROM undo_rows a, jsonb_populate_record(NULL::${table}, a.row) r
      WHERE a.snapshot_id = ? AND a.user_id = ? AND a.table_name = ?`
    // Rows still there (changed by the import) get their columns back; rows gone come back.
    await trx.rawQuery(
      `UPDATE ${table} t SET (${columns.join(', ')}) = (${columns.map((c) => `r.${c}`).join(', ')})
         ${kept} AND t.id = r.id AND t.user_id = ?`,
      [snapshotId, userId, table, userId]
    )
    await trx.rawQuery(
      `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.map((c) => `r.${c}`).join(', ')}
         ${kept} AND r.user_id = ? AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.id = r.id)`,
      [snapshotId, userId, table, userId]
    )
  }
  await trx.rawQuery(
    `UPDATE undo_snapshots u SET session_id = (a.row->>'session_id')::int FROM undo_rows a
      WHERE a.snapshot_id = ? AND a.user_id = ? AND a.table_name = 'undo_snapshots'
        AND u.id = (a.row->>'id')::int AND u.user_id = ?`,
    [snapshotId, userId, userId]
  )
  await trx.rawQuery('DELETE FROM undo_rows WHERE snapshot_id = ? AND user_id = ?', [
    snapshotId,
    userId,
  ])
}
