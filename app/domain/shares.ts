/**
 * Sharing a list: a reader may make read-only links to their queue or to one of their
 * reading orders (at most `SHARE_LIMIT` live at once). Whoever holds a link sees the list
 * as it is now — titles, formats, issue progress and order, `SHARED_PAGE_SIZE` a page —
 * and nothing else of the reader's. A link's token is 32 random bytes, known only to the
 * link: a share keeps its SHA-256 and its last four characters. Revoking a link deletes
 * it; deleting the order or the account deletes its links (their foreign keys). Making or
 * revoking a link is no action of the ritual's: it is not undoable, and no undo brings a
 * link back.
 */
import { createHash, randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import Share from '#models/share'
import { Refusal } from '#domain/refusal'
import { withUserLock } from '#domain/user_lock'
import { queuePage } from '#domain/queue'
import { findOrder, orderOrNull } from '#domain/orders/reading'

/** Live links a reader may hold at once. */
export const SHARE_LIMIT = 10

/** Rows a page of a shared list shows. */
export const SHARED_PAGE_SIZE = 100

/** Pages of a shared list past which a page number means nothing (1,000,000 rows). */
const SHARED_PAGES = 10_000

export const SHARE_LIMIT_MESSAGE = `You have ${SHARE_LIMIT} live links, the most there can be. Revoke one to make another.`

/** What a link shows: the queue, or one reading order of the reader's. */
export type ShareTarget = { what: 'queue' } | { what: 'order'; orderId: number }

const NOT_FOUND = 'That link is not yours, or it is revoked already.'

/** What a link of this kind shows. */
const toTarget = (what: string, orderId: number | null): ShareTarget =>
  what === 'order' ? { what: 'order', orderId: orderId! } : { what: 'queue' }

/** The hash a link's token is kept (and found) by: any string, any length, one digest. */
const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest()

/** Whether a reader holding `live` links may make no more. */
const atLimit = (live: number) => live >= SHARE_LIMIT

/** Whether two targets are the same list. */
const sameList = (a: ShareTarget, b: ShareTarget) =>
  a.what === 'queue' ? b.what === 'queue' : b.what === 'order' && a.orderId === b.orderId

/** The reader's live links, oldest first. */
export function listShares(user: User) {
  return Share.query()
    .withScopes((scopes) => scopes.ownedBy(user))
    .orderBy('created_at')
    .orderBy('id')
}

/**
 * One list's live links, how many the reader holds in all, whether that is the limit, and
 * then the other lists the reader's links are to (a list's page shows only its own).
 */
export async function linksOfList(user: User, target: ShareTarget) {
  const all = await listShares(user)
  const full = atLimit(all.length)
  const lists = full ? await sharedLists(user) : []
  return {
    links: all.filter((share) => sameList(targetOfShare(share), target)),
    live: all.length,
    full,
    elsewhere: lists.filter((list) => !sameList(list.target, target)),
  }
}

/**
 * Makes a link to the queue or to one of the reader's orders (not found for an order of
 * somebody else's or none), refused past `SHARE_LIMIT` live links: counted under the
 * reader's lock, so links made at once never pass it. Answers the share and its token,
 * which nothing keeps: the link is shown once.
 */
export async function makeShare(user: User, target: ShareTarget) {
  return withUserLock(user.id, async (trx) => {
    if (target.what === 'order') await findOrder(user, target.orderId, trx)
    const [{ live }] = await trx.from('shares').where('user_id', user.id).count('* as live')
    if (atLimit(Number(live))) throw Refusal.conflict(SHARE_LIMIT_MESSAGE)
    const token = randomBytes(32).toString('base64url')
    const share = await Share.create(
      {
        userId: user.id,
        what: target.what,
        orderId: target.what === 'order' ? target.orderId : null,
        tokenHash: tokenHash(token),
        endsWith: token.slice(-4),
      },
      { client: trx }
    )
    await share.refresh()
    return { share, token }
  })
}

/** Revokes one of the reader's links (it answers 404 from now on); answers what it showed. */
export async function revokeShare(user: User, id: number): Promise<ShareTarget> {
  const { rows } = Number.isSafeInteger(id)
    ? await db.rawQuery(
        'DELETE FROM shares WHERE id = ? AND user_id = ? RETURNING what, order_id',
        [id, user.id]
      )
    : { rows: [] }
  if (!rows.length) throw Refusal.notFound(NOT_FOUND)
  return toTarget(rows[0].what, rows[0].order_id)
}

/** One of the reader's live links, or null (another reader's, or revoked). */
export function shareOrNull(user: User, id: number) {
  return Number.isSafeInteger(id)
    ? Share.query()
        .withScopes((scopes) => scopes.ownedBy(user))
        .where('id', id)
        .first()
    : Promise.resolve(null)
}

/** One of the reader's live links, or not found (another reader's, or revoked). */
export async function findShare(user: User, id: number) {
  const share = await shareOrNull(user, id)
  if (!share) throw Refusal.notFound(NOT_FOUND)
  return share
}

/** What a link shows. */
export const targetOfShare = (share: Share) => toTarget(share.what, share.orderId)

/** A list the reader's links are to, and how many are live. */
export type SharedLists = Array<{ target: ShareTarget; name: string | null; live: number }>

/** The lists the reader's live links are to, each with its count: the queue first, then orders by name. */
export async function sharedLists(user: User): Promise<SharedLists> {
  const { rows } = await db.rawQuery(
    `SELECT s.what, s.order_id, o.name, count(*)::int AS live
       FROM shares s LEFT JOIN reading_orders o ON o.id = s.order_id AND o.user_id = s.user_id
      WHERE s.user_id = ?
      GROUP BY s.what, s.order_id, o.name
      ORDER BY s.what = 'order', o.name, s.order_id`,
    [user.id]
  )
  type Row = { what: string; order_id: number | null; name: string | null; live: number }
  return rows.map((row: Row) => ({
    target: toTarget(row.what, row.order_id),
    name: row.name,
    live: row.live,
  }))
}

export interface SharedQueueRow {
  position: number
  title: string
  format: string
  issuesRemaining: number
  nextIssue: string | null
}

export interface SharedEntryRow {
  position: number
  title: string
  number: string
  read: boolean
}

interface Paging {
  page: number
  pages: number
  total: number
  offset: number
  size: number
}

export type SharedList =
  | ({ what: 'queue'; rows: SharedQueueRow[] } & Paging)
  | ({ what: 'order'; name: string; read: number; rows: SharedEntryRow[] } & Paging)

/**
 * The list a link shows, live, or null for any token that is no live link's (revoked,
 * deleted, tampered with, made up): each of those costs the same one lookup by the
 * token's hash, and is told apart by nothing. Only what the page may show leaves here:
 * no ids, tags, notes, ratings or anything of the account.
 */
export async function sharedList(token: string, page: number): Promise<SharedList | null> {
  const share = await Share.query().where('token_hash', tokenHash(token)).first()
  if (!share) return null
  const asked = Number.isSafeInteger(page) && page >= 1 && page <= SHARED_PAGES ? page : 1
  const offset = (asked - 1) * SHARED_PAGE_SIZE
  if (share.what === 'queue') {
    const queue = await queuePage(share.userId, { page: asked, size: SHARED_PAGE_SIZE })
    return {
      what: 'queue',
      rows: queue.threads.map((thread) => ({
        position: thread.position,
        title: thread.title,
        format: thread.format,
        issuesRemaining: thread.issuesRemaining,
        nextIssue: thread.nextIssue,
      })),
      page: asked,
      pages: queue.pages,
      total: queue.total,
      offset,
      size: SHARED_PAGE_SIZE,
    }
  }
  // The order may be deleted since the link was found: then the link is dead too.
  const order = await orderOrNull({ id: share.userId }, share.orderId!)
  if (!order) return null
  const { rows } = await db.rawQuery(
    `SELECT e.position, t.title, i.number, i.read_at IS NOT NULL AS read
       FROM order_entries e JOIN issues i ON i.id = e.issue_id JOIN threads t ON t.id = i.thread_id
      WHERE e.user_id = ? AND e.order_id = ?
      ORDER BY e.position OFFSET ? LIMIT ?`,
    [share.userId, order.id, offset, SHARED_PAGE_SIZE]
  )
  return {
    what: 'order',
    name: order.name,
    read: order.entriesRead,
    rows: rows.map((row: Record<string, unknown>, index: number) => ({
      position: offset + index + 1,
      title: String(row.title),
      number: String(row.number),
      read: Boolean(row.read),
    })),
    page: asked,
    pages: Math.max(1, Math.ceil(order.entriesTotal / SHARED_PAGE_SIZE)),
    total: order.entriesTotal,
    offset,
    size: SHARED_PAGE_SIZE,
  }
}
