import { DateTime } from 'luxon'
import { BaseModel, column, scope } from '@adonisjs/lucid/orm'
import { type Owner, ownerId } from '#models/owner'

/** One issue of a thread's list, in reading order (`ordinal`). Reach it through its owner. */
export default class Issue extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare threadId: number

  /** As the reader wrote it: "14", "14.1", "Annual 2". */
  @column()
  declare number: string

  @column()
  declare ordinal: number

  @column.dateTime()
  declare readAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  static ownedBy = scope((query, owner: Owner) => {
    query.where('issues.user_id', ownerId(owner))
  })
}
