import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import Thread from '#models/thread'
import { rowTransitions, stateOfRow } from '#domain/thread_state'
import ReadingSession from '#models/reading_session'
import { Refusal } from '#domain/refusal'
import { withUserLock } from '#domain/user_lock'
import { keyForPosition } from '#domain/queue'
import { viewFor } from '#domain/reading_state'
import { undoPlan } from '#domain/undo_plan'
import { sessionOfQuietWrite } from '#domain/reading_sessions'
import type { UndoState } from '#domain/action_log'
import { type BatchState, undoImportBatch } from '#domain/imports/writer'

type Row = Record<string, unknown>

interface Snapshot {
  id: number
  description: string
  /** What an action touched, or an import's batch (undone whatever its size). */
  state: UndoState | BatchState
}

/** Puts a thread row back as it was, at its old position among the others. */
async function restoreThread(
  trx: TransactionClientContract,
  user: User,
  row: Row,
  position: number | null
) {
  // Rows kept before the state was read from the queue key carry `status`, generated now.
  const { id, status: generatedNow, ...columns } = row
  void generatedNow
  const state = stateOfRow(row)
  const parked = { ...columns, user_id: user.id, ...rowTransitions.complete() }
  const updated = await trx.from('threads').where({ id, user_id: user.id }).update(parked)
  if (Number(updated) === 0) await trx.table('threads').insert({ id, ...parked })
  if (state !== 'active') return
  const thread = await Thread.query({ client: trx }).where({ id, user_id: user.id }).firstOrFail()
  const key = await keyForPosition(trx, thread, position ?? 1)
  await trx.from('threads').where({ id, user_id: user.id }).update(rowTransitions.queue(key))
}

/** SQL reading the list a snapshot keeps under `key` (bound to the snapshot's id). */
const kept = (key: string) => `(SELECT state->'${key}' FROM undo_snapshots WHERE id = ?)`

/**
 * Puts back the issues an action deleted (after their thread is back) and the read
 * marks it changed, read from the snapshot in the database (a list of any length).
 */
async function restoreIssues(
  trx: TransactionClientContract,
  user: User,
  snapshotId: number,
  state: UndoState
) {
  if (state.deletedIssues?.length) {
    await trx.rawQuery(
      `INSERT INTO issues SELECT r.* FROM jsonb_populate_recordset(NULL::issues, ${kept('deletedIssues')}) r
        WHERE r.user_id = ? ON CONFLICT DO NOTHING`,
      [snapshotId, user.id]
    )
  }
  if (state.issueMarks?.length) {
    await trx.rawQuery(
      `UPDATE issues i SET read_at = r.read_at
         FROM jsonb_to_recordset(${kept('issueMarks')}) AS r(id int, read_at timestamptz)
        WHERE i.id = r.id AND i.user_id = ?`,
      [snapshotId, user.id]
    )
  }
}

/**
 * Puts back the reading orders an action changed or deleted, then the entries it deleted
 * (after their issues are back), and the issues' ids from reading lists as they were.
 */
async function restoreOrders(
  trx: TransactionClientContract,
  user: User,
  snapshotId: number,
  state: UndoState
) {
  if (state.orders?.length) {
    await trx.rawQuery(
      `INSERT INTO reading_orders SELECT r.* FROM jsonb_populate_recordset(NULL::reading_orders, ${kept('orders')}) r
        WHERE r.user_id = ?
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, mode = excluded.mode,
         updated_at = excluded.updated_at`,
      [snapshotId, user.id]
    )
  }
  if (state.deletedEntries?.length) {
    await trx.rawQuery(
      `INSERT INTO order_entries SELECT r.* FROM jsonb_populate_recordset(NULL::order_entries, ${kept('deletedEntries')}) r
        WHERE r.user_id = ? AND EXISTS (SELECT 1 FROM issues WHERE id = r.issue_id AND user_id = r.user_id)
        ON CONFLICT DO NOTHING`,
      [snapshotId, user.id]
    )
  }
  if (state.issueIds?.length) {
    await trx.rawQuery(
      `UPDATE issues i SET external_ids = r.external_ids
         FROM jsonb_to_recordset(${kept('issueIds')}) AS r(id int, external_ids jsonb)
        WHERE i.id = r.id AND i.user_id = ?`,
      [snapshotId, user.id]
    )
  }
}

/** Puts back what an action changed (the prior rows it kept) and marks its events undone. */
async function undoAction(trx: TransactionClientContract, user: User, snapshot: Snapshot) {
  const state = snapshot.state as UndoState
  // The ids an action lists are read from its snapshot in the database, not bound one
  // by one: a list of any length (an import made before imports were batches) fits.
  const listed = (
    key: 'events' | 'createdSessions' | 'createdThreads' | 'createdIssues' | 'createdOrders'
  ) =>
    trx.raw(
      `SELECT jsonb_array_elements_text(state->'${key}')::int FROM undo_snapshots WHERE id = ?`,
      [snapshot.id]
    )
  // The action's events: those it recorded (linked to the snapshot) and any listed.
  await trx
    .from('events')
    .where('user_id', user.id)
    .where((query) => {
      query.where('snapshot_id', snapshot.id)
      if (state.events.length) query.orWhereIn('id', listed('events'))
    })
    .update({ undone: true })
  if (state.createdSessions.length) {
    await trx
      .from('reading_sessions')
      .where('user_id', user.id)
      .whereIn('id', listed('createdSessions'))
      .delete()
  }
  if (state.createdThreads.length) {
    await trx
      .from('threads')
      .where('user_id', user.id)
      .whereIn('id', listed('createdThreads'))
      .delete()
  }
  if (state.createdIssues?.length) {
    await trx
      .from('issues')
      .where('user_id', user.id)
      .whereIn('id', listed('createdIssues'))
      .delete()
  }
  if (state.createdOrders?.length) {
    await trx
      .from('reading_orders')
      .where('user_id', user.id)
      .whereIn('id', listed('createdOrders'))
      .delete()
  }
  const plan = undoPlan(state)
  for (const entry of plan.threads) await restoreThread(trx, user, entry.row, entry.position)
  await restoreIssues(trx, user, snapshot.id, state)
  await restoreOrders(trx, user, snapshot.id, state)
  for (const { threadId, eventIds } of plan.relinks) {
    await trx
      .from('events')
      .where('user_id', user.id)
      .whereIn('id', eventIds)
      .whereNull('thread_id')
      .update({ thread_id: threadId })
  }
  for (const { id, ...columns } of state.sessions) {
    await trx
      .from('reading_sessions')
      .where({ id, user_id: user.id })
      .update({ ...columns, user_id: user.id })
  }
}

/** Applies one snapshot backwards and records the correction. */
async function applyUndo(trx: TransactionClientContract, user: User, snapshot: Snapshot) {
  if ('batch' in snapshot.state) await undoImportBatch(trx, user.id, snapshot.id)
  else await undoAction(trx, user, snapshot)
  await trx
    .from('undo_snapshots')
    .where({ id: snapshot.id, user_id: user.id })
    .update({ undone_at: DateTime.utc().toSQL() })

  // An undo is not itself activity: it is told in the current session, if there is one.
  const open = sessionOfQuietWrite(
    await ReadingSession.query({ client: trx })
      .where('user_id', user.id)
      .whereNull('ended_at')
      .first(),
    user
  )
  await trx.table('events').insert({
    user_id: user.id,
    session_id: open?.id ?? null,
    type: 'undo',
    thread_title: snapshot.description.slice(0, 200),
    undone: false,
    completed: false,
  })
  return open
}

/** The reader's snapshots still to undo, latest first: from `fromId` on, or the latest `limit`. */
async function openSnapshots(
  trx: TransactionClientContract,
  user: User,
  options: { fromId?: number; limit?: number } = {}
) {
  const query = trx
    .from('undo_snapshots')
    .where('user_id', user.id)
    .whereNull('undone_at')
    .where('id', '>=', options.fromId ?? 0)
    .orderBy('id', 'desc')
    .select('id', 'description', 'state')
  if (options.limit) query.limit(options.limit)
  const rows = await query
  return rows.map((row) => ({
    id: Number(row.id),
    description: String(row.description),
    state: row.state as Snapshot['state'],
  }))
}

/**
 * Undoes the reader's latest action: threads, queue order, die and pending read
 * are back as they were; its events are marked undone.
 */
export function undoLatest(user: User) {
  return withUserLock(user.id, async (trx) => {
    const [latest] = await openSnapshots(trx, user, { limit: 1 })
    if (!latest) throw Refusal.conflict('Nothing to undo.')
    const open = await applyUndo(trx, user, latest)
    return { undone: latest.description, view: open ? await viewFor(trx, user, open) : null }
  })
}

/** Undoes everything since the start of one of the reader's sessions, latest first. */
export function restoreSessionStart(user: User, sessionId: number) {
  return withUserLock(user.id, async (trx) => {
    const session =
      Number.isSafeInteger(sessionId) && sessionId > 0
        ? await ReadingSession.query({ client: trx })
            .where({ id: sessionId, user_id: user.id })
            .first()
        : null
    if (!session) throw Refusal.notFound('That session is not in your history.')
    const first = await trx
      .from('undo_snapshots')
      .where({ user_id: user.id, session_id: sessionId })
      .whereNull('undone_at')
      .min('id as id')
      .first()
    if (!first?.id) throw Refusal.conflict('This session has nothing left to undo.')
    const snapshots = await openSnapshots(trx, user, { fromId: Number(first.id) })
    let open: ReadingSession | null = null
    for (const snapshot of snapshots) open = await applyUndo(trx, user, snapshot)
    const restored = await ReadingSession.query({ client: trx })
      .where({ id: sessionId, user_id: user.id })
      .first()
    const shown = restored ?? open
    return { undone: snapshots.length, view: shown ? await viewFor(trx, user, shown) : null }
  })
}
