/**
 * Duplicates are asked, not reported: a batch of titles (one thread, a pasted list, an
 * import that adds) whose titles the pile already holds, case and accents aside, is
 * added only as the reader answers for each of them: add anyway or skip it.
 */
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { Refusal } from '#domain/refusal'
import { count, listed } from '#services/words'

/** What to do with every duplicate of a batch: the API's `on_duplicate`. */
export type DuplicateRule = 'add' | 'skip' | 'ask'

/** A page's answer, title by title (by index in the batch); a duplicate not answered is asked. */
export type DuplicateChoices = ReadonlyMap<number, 'add' | 'skip'>

export type OnDuplicate = DuplicateRule | DuplicateChoices

/** A title of the batch (by its index, from 0) that the pile holds as the thread `threadId`. */
export interface Duplicate {
  index: number
  title: string
  threadId: number
}

/** Titles named in a refusal's sentence (the rest are counted). */
const NAMED = 3

/** "Saga", "Saga and Monstress", "Saga, Monstress, Paper Girls and 2 more". */
export function namedTitles(duplicates: Duplicate[]) {
  const titles = duplicates.slice(0, NAMED).map((d) => d.title)
  const more = duplicates.length - titles.length
  return more > 0 ? `${titles.join(', ')} and ${count(more, 'more')}` : listed(titles)
}

/** Refused until the reader answers: the batch's duplicates, for the question. */
export class DuplicatesRefusal extends Refusal {
  constructor(readonly duplicates: Duplicate[]) {
    const named = namedTitles(duplicates)
    super(
      'duplicate',
      duplicates.length === 1
        ? `Your pile already has ${named}. Add it anyway or skip it? Nothing was added.`
        : `Your pile already has ${duplicates.length} of these titles: ${named}. Add each anyway or skip it? Nothing was added.`
    )
  }
}

/** The titles of `titles` (by index) the reader's pile holds, active or completed. */
export async function duplicatesOf(
  client: QueryClientContract,
  userId: number,
  titles: string[]
): Promise<Duplicate[]> {
  if (!titles.length) return []
  const { rows } = await client.rawQuery(
    `SELECT b.ord::int - 1 AS index, t.id, t.title
       FROM jsonb_array_elements_text(?::jsonb) WITH ORDINALITY AS b(title, ord)
       JOIN LATERAL (
         SELECT id, title FROM threads
          WHERE user_id = ? AND title_folded = fold(b.title) ORDER BY id LIMIT 1
       ) t ON true
      ORDER BY b.ord`,
    [JSON.stringify(titles), userId]
  )
  return rows.map((row: { index: number; id: number; title: string }) => ({
    index: row.index,
    title: row.title,
    threadId: row.id,
  }))
}

/**
 * The duplicates of a batch to leave out, under the reader's rule or answers; refused
 * (nothing changed) when one is to be asked. Run inside the action that adds the batch,
 * so the answer holds for the pile as it is when the batch is written.
 */
export async function duplicatesToSkip(
  client: QueryClientContract,
  userId: number,
  titles: string[],
  onDuplicate: OnDuplicate
): Promise<Duplicate[]> {
  if (onDuplicate === 'add') return []
  const duplicates = await duplicatesOf(client, userId, titles)
  if (onDuplicate === 'skip') return duplicates
  const asked =
    onDuplicate === 'ask' ? duplicates : duplicates.filter((d) => !onDuplicate.has(d.index))
  if (asked.length) throw new DuplicatesRefusal(duplicates)
  return onDuplicate === 'ask' ? [] : duplicates.filter((d) => onDuplicate.get(d.index) === 'skip')
}
