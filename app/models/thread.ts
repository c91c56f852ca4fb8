import { DateTime } from 'luxon'
import { BaseModel, column, scope } from '@adonisjs/lucid/orm'
import { type Owner, ownerId } from '#models/owner'
import { type ThreadState, inQueueSql, stateOf } from '#domain/thread_state'

/** A reading order in a reader's pile. Reach it through its owner (`Thread.ownedBy`). */
export default class Thread extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare title: string

  @column()
  declare format: string

  /** Issues left to read: with a list of issues, how many of them are unread. */
  @column()
  declare issuesRemaining: number

  /** How many issues the thread lists (null: it lists none, issues left are a count). */
  @column()
  declare issuesTotal: number | null

  /** The first unread issue of its list ("14", "Annual 1"), if any. */
  @column()
  declare nextIssue: string | null

  @column()
  declare notes: string | null

  /** Its tags as the reader spells them (app/domain/tags.ts). */
  @column()
  declare tags: string[]

  /** Its tags as they compare (no case, no accents), one for each of `tags`. */
  @column({ serializeAs: null })
  declare tagKeys: string[]

  @column()
  declare reviewUrl: string | null

  @column.dateTime()
  declare lastReviewAt: DateTime | null

  @column({ consume: (value) => (value === null || value === undefined ? null : Number(value)) })
  declare lastRating: number | null

  @column.dateTime()
  declare lastActivityAt: DateTime | null

  /** In the queue or completed: read from the queue key (app/domain/thread_state.ts). */
  get status(): ThreadState {
    return stateOf(this)
  }

  /** Sparse order key of active threads; readers see the rank as `position`. */
  @column({ consume: (value) => (value === null || value === undefined ? null : Number(value)) })
  declare sortKey: number | null

  @column({ serializeAs: null })
  declare legacyId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** Rank among the owner's active threads, when loaded with one. */
  declare position: number | null

  static ownedBy = scope((query, owner: Owner) => {
    query.where('threads.user_id', ownerId(owner))
  })

  static active = scope((query) => {
    query.whereRaw(inQueueSql())
  })
}
