import type { QueueMove } from '#domain/ladder'
import { DateTime } from 'luxon'
import { BaseModel, column, scope } from '@adonisjs/lucid/orm'
import { type Owner, ownerId } from '#models/owner'

export type EventType =
  | 'roll'
  | 'rate'
  | 'rolled_but_skipped'
  | 'snoozed'
  | 'unsnoozed'
  | 'reorder'
  | 'die_change'
  | 'issues_added'
  | 'issue_read'
  | 'issue_unread'
  | 'issue_deleted'
  | 'order_created'
  | 'order_changed'
  | 'order_deleted'
  | 'filter_set'
  | 'filter_cleared'
  | 'undo'

const decimal = {
  consume: (value: unknown) => (value === null || value === undefined ? null : Number(value)),
}

/** One entry of the reading timeline; keeps the thread's title of its time. */
export default class Event extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare sessionId: number | null

  @column()
  declare snapshotId: number | null

  @column()
  declare type: EventType

  @column()
  declare threadId: number | null

  @column()
  declare threadTitle: string | null

  @column()
  declare die: number | null

  @column()
  declare result: number | null

  @column()
  declare selectionMethod: 'random' | 'override' | null

  @column(decimal)
  declare rating: number | null

  @column()
  declare issuesRead: number | null

  /** The issue an issue's event is about ("14", "Annual 1"), or the list added. */
  @column()
  declare issueNumber: string | null

  @column()
  declare dieAfter: number | null

  @column()
  declare queueMove: QueueMove | null

  @column()
  declare fromPosition: number | null

  @column()
  declare toPosition: number | null

  @column()
  declare undone: boolean

  /** A rate event whose read finished the thread. */
  @column()
  declare completed: boolean

  @column({ serializeAs: null })
  declare legacyId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  static ownedBy = scope((query, owner: Owner) => {
    query.where('events.user_id', ownerId(owner))
  })
}
