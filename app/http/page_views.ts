/**
 * Pages that more than one controller answers with: their own GET, and a refused
 * form on them rendered again (see app/http/forms.ts).
 */
import type { HttpContext } from '@adonisjs/core/http'
import { urlFor } from '@adonisjs/core/services/url_builder'
import { listTokens } from '#services/access_token_service'
import { deviceName } from '#services/devices'
import { mailAvailable, mailUnavailableMessage } from '#services/mail'
import { readerSettings } from '#domain/reader_settings'
import { DICE, GOOD_RATING, ratingPreviews, stars, type Die } from '#domain/ladder'
import { QUEUE_PAGE_SIZES, type QueuePageSize, pageOf, queuePage } from '#domain/queue'
import db from '@adonisjs/lucid/services/db'
import { currentState, findCurrentSession } from '#domain/reading_state'
import { goalState } from '#domain/goals'
import { goalView } from '#http/analytics_page'
import { cleanTags, listTags, tagKey } from '#domain/tags'
import { filterOf } from '#domain/tonight_filter'
import { completedThreads, idleDays, pileCounts, threadInQueue } from '#domain/threads'
import { queuePageQueryValidator, rollPageQueryValidator } from '#validators/thread'
import { listThreads } from '#domain/thread_list'
import { issuesPageValidator } from '#validators/issues'
import { issuePage } from '#domain/issues'
import ritual from '#config/ritual'
import { pendingEmailOf } from '#services/account_recovery'
import { SEARCH_WORDS, inSearchTime, searchWords } from '#domain/title_search'

/** The time zones a reader can choose, as this server knows them, UTC first. */
const TIME_ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')]

/** The account page: devices signed in, settings, the goal, data in and out, password. */
export async function renderAccountPage({ auth, view }: HttpContext) {
  const user = auth.getUserOrFail()
  const [tokens, pile, pendingEmail, goals] = await Promise.all([
    listTokens(user.id),
    pileCounts(user.id),
    pendingEmailOf(user.id),
    goalState(user),
  ])
  const currentJti = auth.use('jwt').jti
  // This device first, then the others, the latest signed in first; each named plainly.
  const devices = tokens
    .map((token) => ({
      id: token.id,
      name: deviceName(token.userAgent),
      current: token.jti === currentJti,
      createdAt: token.createdAt,
      lastUsedAt: token.lastUsedAt,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current))
  return view.render('pages/account/show', {
    devices,
    settings: readerSettings(user),
    zones: TIME_ZONES,
    mailOn: mailAvailable(),
    mailOff: mailAvailable() ? null : mailUnavailableMessage('Email change'),
    dice: DICE,
    pile,
    pendingEmail,
    goal: goalView(goals),
  })
}

/** Formats offered on the add forms beside the reader's own (who may type any other). */
const COMMON_FORMATS = ['Issue', 'Trade', 'Omnibus', 'Digital']

/** The queue page's size: as asked (and then remembered for the browser), else as last asked. */
function queuePageSize({ session }: HttpContext, asked?: number): QueuePageSize {
  if (asked) session.put(QUEUE_SIZE_KEY, asked)
  const remembered = Number(session.get(QUEUE_SIZE_KEY))
  return (QUEUE_PAGE_SIZES as readonly number[]).includes(remembered)
    ? (remembered as QueuePageSize)
    : QUEUE_PAGE_SIZES[0]
}
const QUEUE_SIZE_KEY = 'queue_size'

/** What the queue page says where the reader acted (see `queueFeedback`). */
interface QueueFeedback {
  threadId: number
  message: string
  /** Shown by the add form (the reader adds another next), else in the thread's row. */
  at: 'add' | 'row'
}

/**
 * The queue page: a search, the add forms (folded unless in use), a page of the queue
 * with each row's actions behind a menu, and the completed threads. After an action its
 * message and Undo are shown where the reader acted (see `queueFeedback`).
 */
export async function renderQueuePage(ctx: HttpContext) {
  const { auth, request, response, view, session } = ctx
  const user = auth.getUserOrFail()
  // A query the page cannot use (a page "abc", an unknown size) shows the default.
  const [, valid] = await queuePageQueryValidator.tryValidate(request.qs())
  const query = valid ?? {}
  const requested = query.page ?? 1
  const size = queuePageSize(ctx, query.size)
  // A search of more words than a search takes looks for its first ones.
  const q = query.q ? searchWords(query.q).slice(0, SEARCH_WORDS).join(' ') : undefined
  const tags = query.tag?.length ? cleanTags(query.tag) : undefined
  const [queue, state, completed] = await Promise.all([
    q
      ? inSearchTime((trx) => queuePage(user.id, { page: requested, size, q, tags }, trx))
      : queuePage(user.id, { page: requested, size, tags }),
    currentState(user, { pool: false, undoable: true }),
    completedThreads(user),
  ])
  if (requested > queue.pages) {
    return response.redirect().withQs({ page: queue.pages, q, tag: tags }).toRoute('queue.show')
  }
  const feedback = session.flashMessages.get('queueFeedback') as QueueFeedback | undefined
  const formats = [
    ...new Set(
      [...queue.threads, ...completed.threads].map((t) => t.format).concat(COMMON_FORMATS)
    ),
  ]
  // The tags the page's rows carry, offered in the add form as tags are typed.
  const tagsShown = cleanTags(queue.threads.flatMap((thread) => thread.tags)).sort((a, b) =>
    tagKey(a).localeCompare(tagKey(b))
  )
  return view.render('pages/queue/show', {
    queue: queue.threads,
    tagsShown,
    paging: queue,
    q,
    tag: tags?.join('” and “'),
    tags,
    sizes: QUEUE_PAGE_SIZES,
    die: state.die,
    completed: completed.threads,
    completedTotal: completed.total,
    formats,
    feedback,
    idleDays,
    staleDays: ritual.staleDays,
    undoable: state.undoable,
  })
}

/**
 * Says `message` where the reader acted on the queue page they are sent to: in the
 * thread's row, or by the add form. Answers with that page (the one that shows the
 * thread, at the reader's page size), opened at the message, which takes the focus.
 */
export function queueFeedback(
  ctx: HttpContext,
  thread: { id: number; position?: number | null },
  message: string,
  at: QueueFeedback['at'] = 'row'
) {
  ctx.session.flash('queueFeedback', { threadId: thread.id, message, at } satisfies QueueFeedback)
  const page = thread.position ? pageOf(thread.position, queuePageSize(ctx)) : 1
  const url = urlFor('queue.show', {}, { qs: page > 1 ? { page } : {} })
  return ctx.response.redirect().toPath(`${url}#feedback`)
}

/**
 * A thread's page: what it is, where it stands in the queue, and what can be done with
 * it (the queue page's row menu leads here).
 */
export async function renderThreadPage(ctx: HttpContext, threadId = Number(ctx.params.id)) {
  const { auth, request, session, view } = ctx
  const user = auth.getUserOrFail()
  const { thread, queueLength } = await threadInQueue(user, threadId)
  const page = thread.position ? pageOf(thread.position, queuePageSize(ctx)) : 1
  const queueUrl = `${urlFor('queue.show', {}, { qs: page > 1 ? { page } : {} })}#t${thread.id}`
  const feedback = session.flashMessages.get('issueFeedback') as IssueFeedback | undefined
  const [, query] = await issuesPageValidator.tryValidate(request.qs())
  const [issues, state] = await Promise.all([
    thread.issuesTotal === null
      ? null
      : issuePage(thread, { page: query?.issues_page, issueId: feedback?.issueId ?? undefined }),
    feedback ? currentState(user, { pool: false, undoable: true }) : null,
  ])
  return view.render('pages/threads/show', {
    thread,
    queueLength,
    queueUrl,
    idle: idleDays(thread),
    staleDays: ritual.staleDays,
    issues,
    feedback,
    undoable: state?.undoable ?? null,
  })
}

/** What a thread's page says where the reader acted on its issues (see `issueFeedback`). */
interface IssueFeedback {
  /** The issue the message is about, shown in its row (null: by the add form). */
  issueId: number | null
  message: string
}

/**
 * Says `message` on the thread's page, in the row of the issue it is about (on the page
 * of the list that holds it) or by the add form; the page opens on it.
 */
export function issueFeedback(
  ctx: HttpContext,
  threadId: number,
  issueId: number | null,
  message: string
) {
  ctx.session.flash('issueFeedback', { issueId, message } satisfies IssueFeedback)
  return ctx.response.redirect().toPath(`${urlFor('threads.show', { id: threadId })}#feedback`)
}

/** The roll page (home): the pending read, the die and its pool, the tools around them. */
/** Threads "Pick another" lists for a search of the whole queue. */
const PICKS_FOUND = 20

export async function renderRollPage({ auth, request, view }: HttpContext) {
  const user = auth.getUserOrFail()
  const [invalid, query] = await rollPageQueryValidator.tryValidate(request.qs())
  const state = await currentState(user, { undoable: true, staleDays: ritual.staleDays })
  const found = query?.pick
    ? await listThreads(user.id, { status: 'active', q: query.pick, perPage: PICKS_FOUND })
    : null
  return view.render('pages/roll/show', {
    pick: query?.pick ?? (invalid ? String(request.qs().pick ?? '') : null),
    pickRefused: invalid ? `Search for at most ${SEARCH_WORDS} words.` : null,
    found: found && 'threads' in found ? found : null,
    current: state,
    pending: state.pending,
    filter: filterOf(state.view?.session),
    dice: DICE,
    stalest: state.stalest && { thread: state.stalest, daysIdle: idleDays(state.stalest) },
    idleDays,
    undoable: state.undoable,
  })
}

/**
 * Tonight's filter, set from the roll page: the reader's tags as chips to keep in or leave
 * out (with how many threads carry each), checked as the filter stands or as a refused
 * form sent them, and the way to clear a filter that holds.
 */
export async function renderFilterPage({ auth, request, view }: HttpContext) {
  const user = auth.getUserOrFail()
  const [session, tags] = await Promise.all([
    findCurrentSession(db.connection(), user),
    listTags(user.id),
  ])
  const filter = filterOf(session)
  // A tag the filter names that no thread carries (the API allows it) is offered too.
  const known = new Set(tags.map((tag) => tagKey(tag.name)))
  for (const name of [...(filter?.include ?? []), ...(filter?.exclude ?? [])]) {
    if (!known.has(tagKey(name))) tags.push({ name, threads: 0 })
  }
  const refused = request.method() !== 'GET' ? request.body() : null
  const chosen = (side: 'include' | 'exclude') => {
    const names = refused ? [refused[side] ?? []].flat().map(String) : (filter?.[side] ?? [])
    return new Set(names.map(tagKey))
  }
  const include = chosen('include')
  const exclude = chosen('exclude')
  return view.render('pages/roll/filter', {
    filter,
    chips: tags.map((tag) => ({
      ...tag,
      include: include.has(tagKey(tag.name)),
      exclude: exclude.has(tagKey(tag.name)),
    })),
  })
}

/**
 * The rate page for the pending read; with nothing waiting to be rated, the roll page
 * (`orElse`: how it is answered, the roll page itself for a refused form).
 */
export async function renderRatePage(
  ctx: HttpContext,
  orElse: (ctx: HttpContext) => unknown = renderRollPage
) {
  const user = ctx.auth.getUserOrFail()
  const current = await currentState(user, { undoable: true })
  const state = current.view
  const { die, undoable } = current
  if (!state?.pending) return orElse(ctx)
  const settings = readerSettings(user)
  return ctx.view.render('pages/rate/show', {
    thread: state.pending,
    byHand: state.session.pendingByHand,
    die,
    previews: ratingPreviews(die as Die, settings.lowRatingPlacement),
    nextSessionDie: settings.startDie,
    goodRating: GOOD_RATING,
    stars,
    undoable,
  })
}
