import { DateTime } from 'luxon'
import { BaseModel, beforeSave, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import AccessToken from '#models/access_token'
import { emailSkeleton } from '#services/email_identity'

export default class User extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare email: string | null

  @column({ serializeAs: null })
  declare password: string | null

  @column()
  declare isAdmin: boolean

  @column()
  declare sessionGapHours: number | null

  @column()
  declare startDie: number | null

  /** Where a low rating sends a thread: the back of the queue, or right after the roll pool. */
  @column()
  declare lowRatingPlacement: 'back' | 'after_pool'

  /** The reader's IANA time zone (null: UTC until named). */
  @column()
  declare timeZone: string | null

  /** Bumped whenever the account's ways in change; mailed links made before stop working. */
  @column({ serializeAs: null })
  declare credentialsVersion: number

  /** What the email looks like (UTS #39 skeleton), to refuse look-alikes of it. */
  @column({ serializeAs: null })
  declare emailSkeleton: string | null

  /**
   * Bumped by every change of the reader's rows (app/domain/user_lock.ts), written nowhere
   * here. A bigint, which the driver hands over as text: read as a number, the type every
   * comparison with it expects (the order facts kept per version, app/domain/orders).
   */
  @column({ serializeAs: null, consume: (value) => Number(value) })
  declare stateVersion: number

  /** How many reading orders the reader keeps (counted by the database, written nowhere here). */
  @column({ serializeAs: null })
  declare ordersCount: number

  /** The reader's goal, all three or none (app/domain/goals.ts). */
  @column({ serializeAs: null })
  declare goalUnit: 'issues' | 'sessions' | null

  @column({ serializeAs: null })
  declare goalPer: 'week' | 'month' | 'year' | null

  @column({ serializeAs: null })
  declare goalTarget: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @beforeSave()
  static keepEmailSkeleton(user: User) {
    if (user.$dirty.email !== undefined) {
      user.emailSkeleton = user.email ? emailSkeleton(user.email) : null
    }
  }

  @hasMany(() => AccessToken)
  declare accessTokens: HasMany<typeof AccessToken>

  /** The API's User object. */
  toApi() {
    return {
      id: this.id,
      email: this.email,
      is_admin: this.isAdmin,
      created_at: this.createdAt.toUTC().toISO(),
    }
  }
}
