import { DateTime } from 'luxon'
import { BaseModel, column, scope } from '@adonisjs/lucid/orm'
import { type Owner, ownerId } from '#models/owner'

/** A reading session: the activity of one evening, with its die and pending read. */
export default class ReadingSession extends BaseModel {
  static table = 'reading_sessions'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column.dateTime()
  declare startedAt: DateTime

  @column.dateTime()
  declare endedAt: DateTime | null

  @column.dateTime()
  declare lastActivityAt: DateTime

  @column()
  declare startDie: number

  @column()
  declare currentDie: number

  @column()
  declare manualDie: number | null

  @column()
  declare pendingThreadId: number | null

  @column.dateTime()
  declare pendingSince: DateTime | null

  /** The pending read was picked by hand, not rolled. */
  @column()
  declare pendingByHand: boolean

  /** The issue the pending read is of, when it was picked from a reading order's entry. */
  @column()
  declare pendingIssueId: number | null

  /** Threads snoozed in this session: out of its roll pool until it ends. */
  @column()
  declare snoozedThreadIds: number[]

  /**
   * Tonight's filter (app/domain/tonight_filter.ts), null when none: the tags the roll
   * pool is narrowed to (any of them; empty for no such narrowing) and those it leaves out,
   * as the pile spells them, with their keys.
   */
  @column()
  declare filterInclude: string[] | null

  @column()
  declare filterExclude: string[] | null

  @column({ serializeAs: null })
  declare filterIncludeKeys: string[] | null

  @column({ serializeAs: null })
  declare filterExcludeKeys: string[] | null

  @column({ serializeAs: null })
  declare legacyId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** The die the next roll uses: the manual pick, else the ladder's. */
  get dieInForce() {
    return this.manualDie ?? this.currentDie
  }

  static ownedBy = scope((query, owner: Owner) => {
    query.where('reading_sessions.user_id', ownerId(owner))
  })
}
