import db from '@adonisjs/lucid/services/db'
import { AppError } from '#exceptions/app_error'
import { type ListStatus, listThreads } from '#domain/thread_list'
import { threadJson } from '#domain/serializers'

/** Threads a page of `GET /api/threads` or `GET /api/queue` lists unless asked otherwise. */
export const DEFAULT_PER_PAGE = 200

/** A page of the reader's threads as the API answers it: `{data, meta:{total, per_page, next_cursor}}`. */
export async function threadPage(
  userId: number,
  status: ListStatus,
  query: { q?: string; per_page?: number; cursor?: string }
) {
  const perPage = query.per_page ?? DEFAULT_PER_PAGE
  const page = await listThreads(db.connection(), userId, {
    status,
    q: query.q,
    perPage,
    cursor: query.cursor,
  })
  if ('invalidCursor' in page) {
    throw AppError.invalid(
      'This cursor is not one this list gave. Start again without it.',
      'cursor',
      'cursor'
    )
  }
  return {
    data: page.threads.map(threadJson),
    meta: { total: page.total, per_page: perPage, next_cursor: page.nextCursor },
  }
}
