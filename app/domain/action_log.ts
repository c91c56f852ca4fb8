import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import { type LockLoad, type LockedReader, withUserLock } from '#domain/user_lock'
import { positionOf } from '#domain/queue'
import type Thread from '#models/thread'
import type ReadingSession from '#models/reading_session'
import type { LucidModel, LucidRow } from '@adonisjs/lucid/types/model'
import Event from '#models/event'
import { preparedQuery } from '#services/prepared_statements'
import { type OrderFacts, keepFacts } from '#domain/orders/facts_cache'

/** Up to this many row writes, an action's closing statement runs prepared. */
const EVERYDAY_WRITES = 6

type Row = Record<string, unknown>

/** Attributes as the adapter would write them: column names, values prepared by their columns. */
function columnsOf(model: LucidRow, attributes: Row) {
  const Model = model.constructor as LucidModel
  return Object.fromEntries(
    Object.entries(attributes).map(([key, value]) => {
      const column = Model.$getColumn(key)!
      return [column.columnName, column.prepare ? column.prepare(value, key, model) : value]
    })
  )
}

/** A write kept for the action's closing statement. */
interface PendingWrite {
  table: string
  id?: number
  columns: Row
}

/** A loaded, unchanged model as its database row (column names, stored values). */
function asRow(model: LucidRow) {
  const keys = (model.constructor as LucidModel).$keys.attributesToColumns
  return Object.fromEntries(
    Object.entries(model.$original).map(([key, value]) => [keys.get(key), value])
  )
}

/** What an action needs to be undone: the prior rows of what it touched, nothing more. */
export interface UndoState {
  threads: Array<{ row: Row; position: number | null; eventIds: number[] }>
  createdThreads: number[]
  sessions: Row[]
  createdSessions: number[]
  events: number[]
  /** Issues whose read mark the action changed, with the mark they had (`read_at`). */
  issueMarks?: Array<{ id: number; read_at: string | null }>
  /** Issues the action added to a thread's list. */
  createdIssues?: number[]
  /** Issues the action deleted (itself, or with their thread), as their rows were. */
  deletedIssues?: Row[]
  /** Reading orders the action made. */
  createdOrders?: number[]
  /** Reading orders the action changed or deleted, as their rows were. */
  orders?: Row[]
  /** Entries of reading orders the action deleted (with their issue or order), as they were. */
  deletedEntries?: Row[]
  /** Issues whose ids from a reading list the action set, with the ids they had. */
  issueIds?: Array<{ id: number; external_ids: unknown }>
}

export type ActionKind =
  | 'create'
  | 'edit'
  | 'delete'
  | 'reactivate'
  | 'reorder'
  | 'roll'
  | 'override'
  | 'skip'
  | 'rate'
  | 'die_change'
  | 'snooze'
  | 'unsnooze'
  | 'finish'
  | 'issues_add'
  | 'issue_mark'
  | 'issue_delete'
  | 'import'
  | 'order_create'
  | 'order_edit'
  | 'order_delete'
  | 'filter'

/**
 * Collects, during one action, the prior state of each row it changes (captured
 * before the change) and the rows it creates, then stores them as one undo snapshot.
 */
export class ActionLog {
  private state: UndoState = {
    threads: [],
    createdThreads: [],
    sessions: [],
    createdSessions: [],
    events: [],
  }
  private description = ''
  /** Row updates and event inserts written together with the snapshot, at commit. */
  private writes: PendingWrite[] = []
  private nothingChanged = false

  constructor(
    private trx: TransactionClientContract,
    private user: User,
    private kind: ActionKind,
    /** The reader's state as loaded with the lock (open session with its ladder, …). */
    readonly locked: LockedReader = { open: null }
  ) {}

  /** The reader's open session as loaded under the lock, with its ladder. */
  get openSession() {
    return this.locked.open
  }

  describe(description: string) {
    this.description = description
  }

  /**
   * Remembers a thread as it is now (its row and queue position, computed unless
   * given), once per action; with `events`, also which events point at it (a deletion
   * unlinks them).
   */
  async thread(thread: Thread, options: { events?: boolean; position?: number | null } = {}) {
    if (this.state.threads.some((entry) => entry.row.id === thread.id)) return
    const row = asRow(thread)
    const position =
      options.position !== undefined ? options.position : await positionOf(this.trx, thread)
    const events = options.events
      ? await this.trx
          .from('events')
          .where({ user_id: this.user.id, thread_id: thread.id })
          .select('id')
      : []
    this.state.threads.push({ row, position, eventIds: events.map((event) => Number(event.id)) })
  }

  /** Remembers a thread about to be deleted: with its events, and its issues (they go with it). */
  async deletedThread(thread: Thread) {
    await this.thread(thread, { events: true })
    if (thread.issuesTotal === null) return
    const { rows } = await this.trx.rawQuery(
      'SELECT to_jsonb(i) AS row FROM issues i WHERE thread_id = ? AND user_id = ? ORDER BY ordinal',
      [thread.id, this.user.id]
    )
    this.deletedIssues(rows.map((entry: { row: Row }) => entry.row))
    await this.deletedEntriesOf({ threadId: thread.id })
  }

  /**
   * Remembers the reading orders' entries of a thread, an issue or an order about to be
   * deleted (they go with it).
   */
  async deletedEntriesOf(of: { threadId: number } | { issueId: number } | { orderId: number }) {
    const [where, id] =
      'threadId' in of
        ? [
            'e.issue_id IN (SELECT id FROM issues WHERE thread_id = ? AND user_id = e.user_id)',
            of.threadId,
          ]
        : 'issueId' in of
          ? ['e.issue_id = ?', of.issueId]
          : ['e.order_id = ?', of.orderId]
    const { rows } = await this.trx.rawQuery(
      `SELECT to_jsonb(e) AS row FROM order_entries e WHERE e.user_id = ? AND ${where}`,
      [this.user.id, id]
    )
    if (rows.length)
      (this.state.deletedEntries ??= []).push(...rows.map((r: { row: Row }) => r.row))
  }

  /** Remembers a reading order as it is now (a row as the table keeps it), once per action. */
  order(row: Row) {
    const orders = (this.state.orders ??= [])
    if (!orders.some((kept) => kept.id === row.id)) orders.push(row)
  }

  createdOrder(id: number) {
    ;(this.state.createdOrders ??= []).push(id)
  }

  /** Remembers issues' ids from reading lists as they are now, before the action sets them. */
  issueIds(rows: Array<{ id: number; external_ids: unknown }>) {
    ;(this.state.issueIds ??= []).push(...rows)
  }

  createdThread(id: number) {
    this.state.createdThreads.push(id)
  }

  /** Remembers a session as it is now (loaded, unchanged), once per action. */
  session(session: ReadingSession) {
    if (this.state.sessions.some((row) => row.id === session.id)) return
    this.state.sessions.push(asRow(session))
  }

  createdSession(id: number) {
    this.state.createdSessions.push(id)
  }

  event(id: number) {
    this.state.events.push(id)
  }

  /** Remembers the read marks of issues as they are now, before the action changes them. */
  issueMarks(marks: Array<{ id: number; read_at: string | null }>) {
    ;(this.state.issueMarks ??= []).push(...marks)
  }

  createdIssues(ids: number[]) {
    ;(this.state.createdIssues ??= []).push(...ids)
  }

  /** Remembers issue rows (as `to_jsonb` gives them) the action is about to delete. */
  deletedIssues(rows: Row[]) {
    ;(this.state.deletedIssues ??= []).push(...rows)
  }

  /** Nothing changed after all (marking an issue as it already was): no snapshot is stored. */
  unchanged() {
    this.nothingChanged = true
  }

  get changedNothing() {
    return this.nothingChanged
  }

  /** Whether the action changed an issue's read mark (what moves reading orders along). */
  get markedIssues() {
    return Boolean(this.state.issueMarks?.length)
  }

  /**
   * Saves a loaded model's changes at commit, with the snapshot, instead of in a
   * statement of their own. The model reads as saved from now on.
   */
  saveLater(model: LucidRow) {
    if (!model.$isDirty) return
    const Model = model.constructor as LucidModel
    for (const [attribute, column] of Model.$columnsDefinitions) {
      if (column.meta?.autoUpdate) (model as unknown as Row)[attribute] = DateTime.utc()
    }
    const columns = columnsOf(model, model.$dirty)
    const table = Model.table
    const id = Number(model.$primaryKeyValue)
    const earlier = this.writes.find((write) => write.table === table && write.id === id)
    if (earlier) Object.assign(earlier.columns, columns)
    else this.writes.push({ table, id, columns })
    model.$hydrateOriginals()
  }

  /** Records an event of this action; it is inserted at commit, linked to the snapshot. */
  recordLater(values: Partial<Event>) {
    const event = new Event()
    event.merge({
      userId: this.user.id,
      undone: false,
      completed: false,
      createdAt: DateTime.utc(),
      ...values,
    })
    this.writes.push({ table: 'events', columns: columnsOf(event, event.$attributes) })
  }

  /**
   * Stores the snapshot, links the events already written to it, applies the writes
   * kept for now and bumps the reader's state version, all in one statement.
   */
  async commit(sessionId: number | null) {
    const knex = () => this.trx.knexQuery()
    const snapshotId = this.trx.knexRawQuery('(SELECT id FROM snapshot)')
    const parts = [
      knex()
        .table('undo_snapshots')
        .insert({
          user_id: this.user.id,
          session_id: sessionId,
          action: this.kind,
          description: this.description.slice(0, 300) || this.kind,
          state: JSON.stringify(this.state),
        })
        .returning('id'),
      ...(this.state.events.length
        ? [
            knex()
              .table('events')
              .where('user_id', this.user.id)
              .whereIn('id', this.state.events)
              .update({ snapshot_id: snapshotId }),
          ]
        : []),
      ...this.writes.map((write) =>
        write.id === undefined
          ? knex()
              .table(write.table)
              .insert({ ...write.columns, snapshot_id: snapshotId })
          : knex()
              .table(write.table)
              .where({ id: write.id, user_id: this.user.id })
              .update(write.columns)
      ),
      knex().table('users').where('id', this.user.id).increment('state_version', 1),
    ].map((query) => query.toSQL())
    const [first, ...rest] = parts
    const sql = [
      `WITH snapshot AS (${first.sql})`,
      ...rest.map((part, index) => `, write_${index} AS (${part.sql})`),
      ' SELECT id FROM snapshot',
    ].join('')
    const bindings = parts.flatMap((part) => part.bindings)
    // The everyday actions' statements have a handful of shapes: those run prepared.
    const everyday = this.state.events.length === 0 && this.writes.length <= EVERYDAY_WRITES
    await (everyday
      ? preparedQuery(this.trx, sql, bindings)
      : this.trx.rawQuery(sql, bindings as never[]))
    this.writes = []
  }
}

/**
 * Runs a state-changing action under the reader's lock, in one transaction, and
 * stores its undo snapshot. `work` returns its result and the session it belongs to.
 */
export function withAction<T>(
  user: User,
  kind: ActionKind,
  work: (trx: TransactionClientContract, log: ActionLog) => Promise<T>,
  sessionOf: (result: T) => number | null = () => null,
  load: LockLoad = {}
) {
  let done: { version?: number; changed: boolean } = { changed: false }
  return withUserLock(
    user.id,
    async (trx, locked) => {
      const log = new ActionLog(trx, user, kind, locked)
      const result = await work(trx, log)
      if (!log.changedNothing) await log.commit(sessionOf(result))
      done = { version: locked.version, changed: !log.changedNothing }
      return result
    },
    { load, versionBumpedByWork: true }
  ).then((result) => {
    // Committed: the facts of the reader's orders it answered with hold at the version the
    // commit made (one more than the locked one), for the roll page and the next roll.
    const view = (
      result as {
        view?: { orders?: OrderFacts['orders']; heldBack?: OrderFacts['heldBack'] }
      } | null
    )?.view
    if (view?.orders && view.heldBack && done.version !== undefined) {
      keepFacts(user.id, done.version + (done.changed ? 1 : 0), {
        orders: view.orders,
        heldBack: view.heldBack,
      })
    }
    return result
  })
}
