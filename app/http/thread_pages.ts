import type User from '#models/user'
import { AppError } from '#exceptions/app_error'
import { type ListResult, type ListStatus, listQueue, listThreads } from '#domain/thread_list'
import { threadJson } from '#http/api_json'

/** Threads a page of `GET /api/threads` or `GET /api/queue` lists unless asked otherwise. */
const DEFAULT_PER_PAGE = 200

interface ListQuery {
  q?: string
  per_page?: number
  cursor?: string
  tag?: string[]
}

/** A page of threads as the API answers it: `{data, meta:{total, per_page, next_cursor}}`. */
function pageJson(page: ListResult, perPage: number) {
  if ('invalidCursor' in page) {
    throw AppError.invalid(
      'This cursor is not one this list gave. Start again without it.',
      'cursor',
      'cursor'
    )
  }
  return {
    data: page.threads.map(threadJson),
    meta: {
      total: page.total,
      total_capped: page.totalCapped,
      per_page: perPage,
      next_cursor: page.nextCursor,
    },
  }
}

/** `GET /api/threads`: a page of the reader's threads. */
export async function threadPage(user: User, status: ListStatus, query: ListQuery) {
  const perPage = query.per_page ?? DEFAULT_PER_PAGE
  const options = { status, q: query.q, tags: query.tag, perPage, cursor: query.cursor }
  return pageJson(await listThreads(user.id, options), perPage)
}

/** `GET /api/queue`: the die in force, the roll pool's size and a page of the queue. */
export async function queuePageJson(user: User, query: ListQuery) {
  const perPage = query.per_page ?? DEFAULT_PER_PAGE
  const page = await listQueue(user, {
    q: query.q,
    tags: query.tag,
    perPage,
    cursor: query.cursor,
  })
  const json = pageJson(page, perPage)
  if ('invalidCursor' in page) return json
  return { current_die: page.die, roll_pool_size: page.rollPoolSize, ...json }
}
