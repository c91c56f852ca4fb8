/**
 * Reading orders: a reader's named lists of entries, each one issue of one of their
 * threads, read in order across threads. An entry is read exactly when its issue is:
 * reading, rating and marking move orders along by themselves, undo moves them back.
 * Making an order first plans it (what it matches, creates and adds, what it cannot
 * read), changing nothing; made, it is one undoable action.
 */
import { createHash } from 'node:crypto'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import Thread from '#models/thread'
import { Refusal } from '#domain/refusal'
import { type ActionLog, withAction } from '#domain/action_log'
import { GAP, PILE_LIMIT, backKey } from '#domain/queue'
import { inQueue, rowTransitions, transitions } from '#domain/thread_state'
import { ISSUES_PER_THREAD, issueKey } from '#domain/issue_numbers'
import {
  ORDERS_PER_READER,
  type Entry,
  type EntryInput,
  type Unreadable,
  entryName,
  readEntries,
  seriesKey,
  seriesTitle,
} from '#domain/orders/entries'
import { count } from '#services/words'
import { writeCbl } from '#domain/orders/cbl'
import { markIssue } from '#domain/issues'
import { type OrderMode, entriesOf, findOrder } from '#domain/orders/reading'
import { sessionOfQuietWrite } from '#domain/reading_sessions'

/** The session an order's change is told in: the current one, if any (it starts none). */
const toldIn = (log: ActionLog, user: User) =>
  sessionOfQuietWrite(log.openSession, user)?.id ?? null

const format = (n: number) => n.toLocaleString('en')
/** Rows written per statement (the driver's bound values stay under its limit). */
const CHUNK = 1000
/** Characters of a thread's title. */
const TITLE_LENGTH = 200

/** The key issue numbers compare by in SQL, as `issueNumberKey` does (NFKC, no leading zeros). */
const NUMBER_KEY_SQL = `lower(CASE WHEN normalize(number, NFKC) ~ '^[0-9]+$'
  THEN regexp_replace(normalize(number, NFKC), '^0+([0-9])', '\\1') ELSE normalize(number, NFKC) END)`

interface MatchedThread {
  id: number
  title: string
  inQueue: boolean
  issuesTotal: number | null
  issuesRemaining: number
  /** Issues it lists, and the last ordinal among them. */
  listed: number
  lastOrdinal: number
  /** Its listed issues that an entry names, by number key. */
  issues: Map<string, number>
}

/** Where an entry's issue is, or will be. */
interface PlannedEntry extends Entry {
  /** The thread's title: matched, or to be made. */
  title: string
  threadId: number | null
  issueId: number | null
}

export interface OrderPlan {
  entries: PlannedEntry[]
  threadsMatched: Array<{
    series: string
    volume: string | null
    threadId: number
    title: string
    /** What making the order changes of it: "issues left 30 → 3", … (null: nothing). */
    changes: string[]
  }>
  threadsCreated: Array<{ title: string }>
  issuesAdded: number
  unreadable: Unreadable[]
}

/**
 * The key entries share a thread by: the title their series and volume make, case and
 * accents aside ("Saga" volume 2006 and "SAGA (2006)" are one).
 */
const groupKey = (entry: Pick<Entry, 'series' | 'volume'>) =>
  seriesKey(seriesTitle(entry.series, entry.volume), null)

/** The reader's threads whose folded title is one of `titles`, by the title asked for. */
async function threadsTitled(client: QueryClientContract, userId: number, titles: string[]) {
  if (!titles.length) return new Map<string, Array<{ id: number; title: string }>>()
  const { rows } = await client.rawQuery(
    `SELECT b.t AS wanted, th.id, th.title
       FROM jsonb_array_elements_text(?::jsonb) AS b(t)
       JOIN threads th ON th.user_id = ? AND th.title_folded = fold(b.t)
      ORDER BY th.id`,
    [JSON.stringify(titles), userId]
  )
  const found = new Map<string, Array<{ id: number; title: string }>>()
  for (const row of rows as Array<{ wanted: string; id: number; title: string }>) {
    const list = found.get(row.wanted) ?? []
    list.push({ id: Number(row.id), title: row.title })
    found.set(row.wanted, list)
  }
  return found
}

/** What the matched threads list: counts, and the issues the entries name. */
async function matchedThreads(
  client: QueryClientContract,
  userId: number,
  wanted: Map<number, Set<string>>
): Promise<Map<number, MatchedThread>> {
  const ids = [...wanted.keys()]
  if (!ids.length) return new Map()
  const threads = await Thread.query({ client })
    .withScopes((s) => s.ownedBy(userId))
    .whereIn('id', ids)
  const { rows: counts } = await client.rawQuery(
    `SELECT thread_id, count(*)::int AS listed, max(ordinal)::int AS last
       FROM issues WHERE user_id = ? AND thread_id = ANY(?::int[]) GROUP BY thread_id`,
    [userId, ids]
  )
  const pairs = [...wanted].flatMap(([id, keys]) => [...keys].map((key) => ({ id, key })))
  const { rows: named } = await client.rawQuery(
    `SELECT i.thread_id, i.id, ${NUMBER_KEY_SQL} AS key
       FROM issues i
       JOIN jsonb_to_recordset(?::jsonb) AS w(id int, key text)
         ON w.id = i.thread_id AND w.key = ${NUMBER_KEY_SQL.replaceAll('number', 'i.number')}
      WHERE i.user_id = ?
      ORDER BY i.ordinal`,
    [JSON.stringify(pairs), userId]
  )
  const byThread = new Map<number, MatchedThread>()
  for (const thread of threads) {
    byThread.set(thread.id, {
      id: thread.id,
      title: thread.title,
      inQueue: inQueue(thread),
      issuesTotal: thread.issuesTotal,
      issuesRemaining: thread.issuesRemaining,
      listed: 0,
      lastOrdinal: 0,
      issues: new Map(),
    })
  }
  for (const row of counts as Array<{ thread_id: number; listed: number; last: number }>) {
    const thread = byThread.get(Number(row.thread_id))
    if (thread) Object.assign(thread, { listed: row.listed, lastOrdinal: row.last })
  }
  for (const row of named as Array<{ thread_id: number; id: number; key: string }>) {
    const issues = byThread.get(Number(row.thread_id))?.issues
    if (issues && !issues.has(row.key)) issues.set(row.key, Number(row.id))
  }
  return byThread
}

/**
 * What making an order of `inputs` would do to the reader's pile as it is now: which
 * thread each series matches (a thread titled "Series (Volume)", or the reader's one
 * thread titled "Series" when the list names one volume of it), the threads to make, the
 * issues to add, and the entries it cannot read with why. Changes nothing.
 */
export async function planOrder(
  client: QueryClientContract,
  userId: number,
  inputs: EntryInput[]
): Promise<OrderPlan> {
  const read = readEntries(inputs)
  const unreadable = [...read.unreadable]
  const entries = read.entries.filter((entry) => {
    if (seriesTitle(entry.series, entry.volume).length <= TITLE_LENGTH) return true
    unreadable.push({
      index: entry.index,
      message: `Its thread’s title would be longer than ${TITLE_LENGTH} characters.`,
    })
    return false
  })

  // Each series and volume once, in order of first appearance; volumes named per series.
  const groups = new Map<string, { series: string; volume: string | null; title: string }>()
  const volumes = new Map<string, Set<string | null>>()
  for (const entry of entries) {
    const key = groupKey(entry)
    if (!groups.has(key)) {
      groups.set(key, {
        series: entry.series,
        volume: entry.volume,
        title: seriesTitle(entry.series, entry.volume),
      })
    }
    const bare = seriesKey(entry.series, null)
    volumes.set(bare, (volumes.get(bare) ?? new Set()).add(entry.volume))
  }
  const titles = [
    ...new Set([...groups.values()].flatMap((g) => (g.volume ? [g.title, g.series] : [g.title]))),
  ]
  const found = await threadsTitled(client, userId, titles)
  const threadOf = new Map<string, { id: number; title: string } | null>()
  for (const [key, group] of groups) {
    const exact = found.get(group.title)?.[0]
    const bare = group.volume ? (found.get(group.series) ?? []) : []
    const oneVolume = volumes.get(seriesKey(group.series, null))!.size === 1
    threadOf.set(key, exact ?? (bare.length === 1 && oneVolume ? bare[0] : null))
  }

  // The issues the entries name, on the threads they matched.
  const wanted = new Map<number, Set<string>>()
  for (const entry of entries) {
    const thread = threadOf.get(groupKey(entry))
    if (thread)
      wanted.set(thread.id, (wanted.get(thread.id) ?? new Set()).add(issueKey(entry.number)))
  }
  const matched = await matchedThreads(client, userId, wanted)
  const { rows } = await client.rawQuery(
    'SELECT count(*)::int AS total FROM threads WHERE user_id = ?',
    [userId]
  )
  let room = PILE_LIMIT - rows[0].total

  const planned: PlannedEntry[] = []
  const seen = new Map<string, number>()
  const added = new Map<string, number>()
  const created = new Map<string, { title: string }>()
  for (const entry of entries) {
    const key = groupKey(entry)
    const thread = threadOf.get(key) ?? null
    const number = issueKey(entry.number)
    const place = `${thread ? thread.id : key}\u0000${number}`
    const earlier = seen.get(place)
    if (earlier !== undefined) {
      unreadable.push({
        index: entry.index,
        message: `${entryName(entry)} is the same issue as entry ${earlier + 1}.`,
      })
      continue
    }
    const title = thread?.title ?? groups.get(key)!.title
    const listed = thread ? matched.get(thread.id) : undefined
    const issueId = listed?.issues.get(number) ?? null
    if (issueId === null) {
      const addedSoFar = added.get(place.split('\u0000')[0]) ?? 0
      if ((listed?.listed ?? 0) + addedSoFar >= ISSUES_PER_THREAD) {
        unreadable.push({
          index: entry.index,
          message: `${title} would list more than ${format(ISSUES_PER_THREAD)} issues, as many as a thread can.`,
        })
        continue
      }
      if (!thread && !created.has(key)) {
        if (room <= 0) {
          unreadable.push({
            index: entry.index,
            message: `Your pile holds at most ${format(PILE_LIMIT)} threads: there is no room for ${title}.`,
          })
          continue
        }
        room--
        created.set(key, { title })
      }
      added.set(place.split('\u0000')[0], addedSoFar + 1)
    }
    seen.set(place, planned.length)
    planned.push({ ...entry, title, threadId: thread?.id ?? null, issueId })
  }

  const threadsMatched: OrderPlan['threadsMatched'] = []
  const told = new Set<number>()
  for (const [key, group] of groups) {
    const thread = threadOf.get(key)
    if (!thread || told.has(thread.id)) continue
    told.add(thread.id)
    const facts = matched.get(thread.id)!
    const adding = added.get(String(thread.id)) ?? 0
    const changes: string[] = []
    if (adding > 0) {
      changes.push(count(adding, 'issue') + ' added to its list')
      const before = facts.issuesRemaining
      const after = facts.issuesTotal === null ? adding : before + adding
      if (after !== before) changes.push(`issues left ${format(before)} → ${format(after)}`)
      if (!facts.inQueue) changes.push('comes back to the queue, at the back')
    }
    threadsMatched.push({
      series: group.series,
      volume: group.volume,
      threadId: thread.id,
      title: thread.title,
      changes,
    })
  }
  unreadable.sort((a, b) => a.index - b.index)
  return {
    entries: planned,
    threadsMatched,
    threadsCreated: [...created.values()],
    issuesAdded: [...added.values()].reduce((sum, n) => sum + n, 0),
    unreadable,
  }
}

function chunks<T>(items: T[]) {
  return Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) =>
    items.slice(i * CHUNK, (i + 1) * CHUNK)
  )
}

/** Makes the plan's threads and issues and the order's entries (inside the action). */
async function applyPlan(
  trx: TransactionClientContract,
  log: ActionLog,
  userId: number,
  orderId: number,
  plan: OrderPlan
) {
  // Matched threads that gain issues, and which of them are out of the queue (completed).
  const gaining = [
    ...new Set(plan.entries.flatMap((e) => (e.threadId && e.issueId === null ? [e.threadId] : []))),
  ]
  const gainers = gaining.length
    ? await Thread.query({ client: trx })
        .withScopes((s) => s.ownedBy(userId))
        .whereIn('id', gaining)
        .orderBy('id')
    : []
  const returning = new Set(gainers.filter((t) => !inQueue(t)).map((t) => t.id))
  // Threads going to the back (new ones, completed ones coming back), in order of first
  // appearance in the order.
  const backKeys = new Map<string, number>()
  let key = await backKey(trx, userId)
  for (const entry of plan.entries) {
    const back =
      entry.threadId === null
        ? `new:${entry.title}`
        : returning.has(entry.threadId)
          ? `id:${entry.threadId}`
          : null
    if (back && !backKeys.has(back)) {
      backKeys.set(back, key)
      key += GAP
    }
  }

  // New threads, at the back in order of first appearance, listing their entries' issues.
  const newThreads = new Map<string, number>()
  const counts = new Map<string, PlannedEntry[]>()
  for (const entry of plan.entries) {
    if (entry.threadId === null)
      counts.set(entry.title, (counts.get(entry.title) ?? []).concat(entry))
  }
  for (const part of chunks([...counts])) {
    const rows = part.map(([title, listed]) => ({
      user_id: userId,
      title,
      format: 'Issue',
      issues_remaining: listed.length,
      issues_total: listed.length,
      next_issue: listed[0].number,
      ...rowTransitions.queue(backKeys.get(`new:${title}`)!),
    }))
    const made = await trx.table('threads').insert(rows).returning(['id', 'title'])
    for (const row of made as Array<{ id: number; title: string }>) {
      newThreads.set(row.title, Number(row.id))
      log.createdThread(Number(row.id))
    }
  }

  // Issues to add: appended to each thread's list in the order's order.
  const ordinals = new Map<number, number>()
  const matchedIds = [...new Set(plan.entries.flatMap((e) => (e.threadId ? [e.threadId] : [])))]
  if (matchedIds.length) {
    const { rows } = await trx.rawQuery(
      `SELECT thread_id, coalesce(max(ordinal), 0)::int AS last FROM issues
        WHERE user_id = ? AND thread_id = ANY(?::int[]) GROUP BY thread_id`,
      [userId, matchedIds]
    )
    for (const row of rows as Array<{ thread_id: number; last: number }>) {
      ordinals.set(Number(row.thread_id), row.last)
    }
  }
  const toAdd = plan.entries
    .filter((entry) => entry.issueId === null)
    .map((entry) => {
      const threadId = entry.threadId ?? newThreads.get(entry.title)!
      const ordinal = (ordinals.get(threadId) ?? 0) + 1
      ordinals.set(threadId, ordinal)
      return { entry, threadId, ordinal }
    })
  for (const part of chunks(toAdd)) {
    const made = await trx
      .table('issues')
      .insert(
        part.map(({ entry, threadId, ordinal }) => ({
          user_id: userId,
          thread_id: threadId,
          number: entry.number,
          ordinal,
          external_ids: entry.ids.length ? JSON.stringify(entry.ids) : null,
        }))
      )
      .returning(['id'])
    made.forEach((row: { id: number }, i: number) => {
      part[i].entry.issueId = Number(row.id)
      log.createdIssues([Number(row.id)])
    })
  }

  const addedNow = new Set(toAdd.map((added) => added.entry))
  // Issues already listed keep the ids the list gives them when they had none.
  const named = plan.entries.filter((entry) => entry.ids.length && !addedNow.has(entry))
  if (named.length) {
    const { rows } = await trx.rawQuery(
      `SELECT id, external_ids FROM issues WHERE user_id = ? AND id = ANY(?::int[]) AND external_ids IS NULL`,
      [userId, named.map((entry) => entry.issueId as number)]
    )
    log.issueIds(rows)
    const bare = new Set(rows.map((row: { id: number }) => Number(row.id)))
    const given = named
      .filter((entry) => bare.has(entry.issueId!))
      .map((entry) => ({ id: entry.issueId, external_ids: entry.ids }))
    for (const part of chunks(given)) {
      await trx.rawQuery(
        `UPDATE issues i SET external_ids = g.external_ids
           FROM jsonb_to_recordset(?::jsonb) AS g(id int, external_ids jsonb)
          WHERE i.id = g.id AND i.user_id = ?`,
        [JSON.stringify(part), userId]
      )
    }
  }

  // Matched threads that gained issues: their counts follow their list; a completed one
  // comes back at the back of the queue.
  // Their lists' counts in one statement; the rows are written with the action's snapshot.
  const { rows: listedNow } = gainers.length
    ? await trx.rawQuery(
        `SELECT thread_id, count(*)::int AS total,
                count(*) FILTER (WHERE read_at IS NULL)::int AS unread,
                (array_agg(number ORDER BY ordinal) FILTER (WHERE read_at IS NULL))[1] AS next
           FROM issues WHERE user_id = ? AND thread_id = ANY(?::int[]) GROUP BY thread_id`,
        [userId, gainers.map((thread) => thread.id)]
      )
    : { rows: [] }
  const countsOf = new Map(
    (listedNow as Array<{ thread_id: number; total: number; unread: number; next: string }>).map(
      (row) => [Number(row.thread_id), row]
    )
  )
  for (const thread of gainers) {
    await log.thread(thread)
    const { total, unread, next } = countsOf.get(thread.id)!
    thread.merge({ issuesTotal: total, issuesRemaining: unread, nextIssue: next })
    if (returning.has(thread.id)) thread.merge(transitions.queue(backKeys.get(`id:${thread.id}`)!))
    log.saveLater(thread)
  }

  for (const part of chunks(plan.entries.map((entry, i) => ({ entry, position: i + 1 })))) {
    await trx.table('order_entries').insert(
      part.map(({ entry, position }) => ({
        user_id: userId,
        order_id: orderId,
        position,
        issue_id: entry.issueId,
        thread_id: entry.threadId ?? newThreads.get(entry.title)!,
      }))
    )
  }
}

export interface OrderInput {
  name: string
  mode?: OrderMode
  entries: EntryInput[]
}

/**
 * What a plan does, as a short digest: a preview shows a plan, and its confirmation is
 * made only when planning again gives the same one (the pile did not change meanwhile).
 */
export function planFingerprint(plan: OrderPlan) {
  const what = JSON.stringify([
    plan.entries.map((e) => [e.threadId, e.title, e.issueId, e.number]),
    plan.threadsMatched,
    plan.threadsCreated,
    plan.unreadable,
  ])
  return createHash('sha256').update(what).digest('base64url').slice(0, 22)
}

/** Refused: the pile changed since the preview; the plan as it is now. */
export class PlanChanged extends Refusal {
  constructor(readonly plan: OrderPlan) {
    super(
      'conflict',
      'Your pile changed since this preview, so the order was not made. Here is what it would do now.'
    )
  }
}

/** Refused: nothing of the list can be read (the reasons are the plan's). */
export class UnreadableOrder extends Refusal {
  constructor(readonly unreadable: Unreadable[]) {
    super('invalid', 'No entry of this list can be read.')
  }
}

/**
 * Plans an order (`dryRun`: only that) or makes it: its threads, issues and entries in
 * one undoable action. Refused when no entry can be read, or past 200 orders.
 */
export async function makeOrder(
  user: User,
  input: OrderInput,
  options: { dryRun: boolean; expected?: string }
) {
  if (options.dryRun) {
    const plan = await planOrder(db.connection(), user.id, input.entries)
    if (!plan.entries.length) throw new UnreadableOrder(plan.unreadable)
    return { plan, orderId: null, sessionId: null }
  }
  return withAction(
    user,
    'order_create',
    async (trx, log) => {
      const { rows } = await trx.rawQuery(
        'SELECT count(*)::int AS total FROM reading_orders WHERE user_id = ?',
        [user.id]
      )
      if (rows[0].total >= ORDERS_PER_READER) {
        throw Refusal.conflict(
          `You keep ${ORDERS_PER_READER} reading orders, as many as there can be. Delete one first.`
        )
      }
      const plan = await planOrder(trx, user.id, input.entries)
      if (!plan.entries.length) throw new UnreadableOrder(plan.unreadable)
      if (options.expected && planFingerprint(plan) !== options.expected) {
        throw new PlanChanged(plan)
      }
      const [order] = await trx
        .table('reading_orders')
        .insert({ user_id: user.id, name: input.name, mode: input.mode ?? 'guide' })
        .returning(['id'])
      const orderId = Number(order.id)
      log.createdOrder(orderId)
      await applyPlan(trx, log, user.id, orderId, plan)
      log.describe(`New reading order ${input.name}`)
      const sessionId = toldIn(log, user)
      log.recordLater({ sessionId, type: 'order_created', threadTitle: input.name.slice(0, 200) })
      return { plan, orderId, sessionId }
    },
    (result) => result.sessionId
  )
}

async function ownOrderRow(trx: TransactionClientContract, user: User, id: number) {
  const { rows } =
    Number.isSafeInteger(id) && id > 0
      ? await trx.rawQuery(
          'SELECT to_jsonb(o) AS row, o.name FROM reading_orders o WHERE o.id = ? AND o.user_id = ?',
          [id, user.id]
        )
      : { rows: [] }
  if (!rows.length) throw Refusal.notFound('That reading order is not yours, or it is gone.')
  return rows[0] as { row: Record<string, unknown>; name: string }
}

/** Renames an order or changes its mode (undoable). */
export function changeOrder(user: User, id: number, changes: { name?: string; mode?: OrderMode }) {
  return withAction(
    user,
    'order_edit',
    async (trx, log) => {
      const { row, name } = await ownOrderRow(trx, user, id)
      const wanted = Object.fromEntries(
        Object.entries(changes).filter(([, value]) => value !== undefined)
      )
      if (Object.entries(wanted).every(([column, value]) => row[column] === value)) {
        log.unchanged()
        return { order: await findOrder(user, id, trx), sessionId: null }
      }
      log.order(row)
      await trx
        .from('reading_orders')
        .where({ id, user_id: user.id })
        .update({ ...wanted, updated_at: new Date() })
      log.describe(`Change of the reading order ${name}`)
      const sessionId = toldIn(log, user)
      log.recordLater({
        sessionId,
        type: 'order_changed',
        threadTitle: (changes.name ?? name).slice(0, 200),
      })
      return { order: await findOrder(user, id, trx), sessionId }
    },
    (result) => result.sessionId
  )
}

/** Deletes an order; its threads and issues stay (undoable). */
export function deleteOrder(user: User, id: number) {
  return withAction(
    user,
    'order_delete',
    async (trx, log) => {
      const { row, name } = await ownOrderRow(trx, user, id)
      log.order(row)
      await log.deletedEntriesOf({ orderId: id })
      await trx.from('reading_orders').where({ id, user_id: user.id }).delete()
      log.describe(`Deletion of the reading order ${name}`)
      const sessionId = toldIn(log, user)
      log.recordLater({ sessionId, type: 'order_deleted', threadTitle: name.slice(0, 200) })
      return { sessionId }
    },
    (result) => result.sessionId
  )
}

/**
 * An order as a CBL file that imports back to the same entries: each thread titled
 * "Series (Volume)" is written as that series and volume, with the ids its issues keep.
 */
export async function orderAsCbl(user: User, id: number) {
  const order = await findOrder(user, id)
  const entries = await entriesOf(user, order.id)
  const books = entries.map((entry) => {
    // Only a title an import would make again is split ("Saga (2006)", not "Saga(2006)").
    const titled = entry.threadTitle.match(/^(.*\S) \(([1-9]\d{0,3})\)$/)
    return {
      series: titled ? titled[1] : entry.threadTitle,
      volume: titled ? titled[2] : null,
      number: entry.number,
      ids: entry.ids,
    }
  })
  const fileName =
    order.name
      .replace(/[^A-Za-z0-9 _-]+/g, '')
      .trim()
      .slice(0, 60) || 'order'
  return { text: writeCbl(order.name, books), fileName: `${fileName}.cbl` }
}

/** An order not done, with its next entry (the roll page names it). */

/**
 * Marks an entry's issue read or unread from its order's page: an issue that is no entry
 * of the order is not found there.
 */
export async function markEntry(user: User, orderId: number, issueId: number, read: boolean) {
  const order = await findOrder(user, orderId)
  const { rows } = Number.isSafeInteger(issueId)
    ? await db.rawQuery(
        'SELECT 1 FROM order_entries WHERE user_id = ? AND order_id = ? AND issue_id = ?',
        [user.id, order.id, issueId]
      )
    : { rows: [] }
  if (!rows.length) throw Refusal.notFound('That issue is not an entry of this reading order.')
  return { order, ...(await markIssue(user, issueId, read)) }
}
