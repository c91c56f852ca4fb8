import { DateTime } from 'luxon'
import { BaseModel, column, scope } from '@adonisjs/lucid/orm'
import { type Owner, ownerId } from '#models/owner'

export type ShareWhat = 'queue' | 'order'

/**
 * A read-only link to a reader's queue or one of their reading orders. Its token is
 * known only to whoever holds the link: the row keeps its hash and last four characters.
 * Reach it through its owner (`Share.ownedBy`).
 */
export default class Share extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare what: ShareWhat

  @column()
  declare orderId: number | null

  @column({ serializeAs: null })
  declare tokenHash: Buffer

  @column()
  declare endsWith: string

  @column.dateTime()
  declare createdAt: DateTime

  static ownedBy = scope((query, owner: Owner) => {
    query.where('shares.user_id', ownerId(owner))
  })
}
