import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import { withUserLock } from '#domain/user_lock'
import { positionOf } from '#domain/queue'
import type Thread from '#models/thread'
import type ReadingSession from '#models/reading_session'
import type { LucidModel, LucidRow } from '@adonisjs/lucid/types/model'

type Row = Record<string, unknown>

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
  | 'finish'
  | 'import'

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

  constructor(
    private trx: TransactionClientContract,
    private user: User,
    private kind: ActionKind,
    /** The reader's open session as loaded under the lock, with its ladder. */
    readonly openSession: ReadingSession | null = null
  ) {}

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

  /** Stores the snapshot and links the action's events to it, in one statement. */
  async commit(sessionId: number | null) {
    await this.trx.rawQuery(
      `WITH snapshot AS (
         INSERT INTO undo_snapshots (user_id, session_id, action, description, state)
         VALUES (?, NULLIF(?, 0), ?, ?, ?) RETURNING id)
       UPDATE events SET snapshot_id = snapshot.id FROM snapshot
        WHERE events.user_id = ? AND events.id = ANY(?::bigint[])`,
      [
        this.user.id,
        sessionId ?? 0,
        this.kind,
        this.description.slice(0, 300) || this.kind,
        JSON.stringify(this.state),
        this.user.id,
        this.state.events,
      ]
    )
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
  sessionOf: (result: T) => number | null = () => null
) {
  return withUserLock(user.id, async (trx, open) => {
    const log = new ActionLog(trx, user, kind, open)
    const result = await work(trx, log)
    await log.commit(sessionOf(result))
    return result
  })
}
