/**
 * Tags a reader gives threads (horror, indie, capes, trade…): at most TAGS_PER_THREAD a
 * thread, each 1–TAG_LENGTH characters without `;` or `,` (the separators of the forms and
 * the CSV), compared case- and accent-insensitively by their key, and kept as the reader
 * first typed them: a tag the pile already carries is written as the pile spells it.
 */
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import db from '@adonisjs/lucid/services/db'

export const TAGS_PER_THREAD = 20
export const TAG_LENGTH = 30
/** What a tag may not hold: the separators of a list of tags. */
export const TAG_SEPARATORS = /[;,]/

/** A tag's spelling: its spaces folded, trimmed. */
const spelled = (name: string) => name.normalize('NFC').replace(/\s+/g, ' ').trim()

/** What tags compare by: the spelling without case or accents ("Épouvante" is "epouvante"). */
export function tagKey(name: string) {
  return spelled(name).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
}

/** Tags as given, spelled, the empty ones and the second of one key left out, in order. */
export function cleanTags(names: readonly string[]) {
  const seen = new Set<string>()
  const tags: string[] = []
  for (const name of names) {
    const tag = spelled(name)
    const key = tagKey(tag)
    if (!key || seen.has(key)) continue
    seen.add(key)
    tags.push(tag)
  }
  return tags
}

/** The tags of a list typed as text ("horror, indie; capes"). */
export const tagsOfText = (text: string) => cleanTags(text.split(TAG_SEPARATORS))

/** A thread's stored tags and their keys, for a thread carrying `tags` (cleaned). */
export const tagColumns = (tags: readonly string[]) => ({
  tags: [...tags],
  tagKeys: tags.map(tagKey),
})

/**
 * Lists of tags (a thread's each) written as the reader's pile already spells them (the
 * thread carrying a tag first, by id), cleaned; a tag new to the pile as the lists first
 * spell it. One statement, none when no list holds a tag.
 */
export async function spelledAllAsThePile(
  client: QueryClientContract,
  userId: number,
  lists: ReadonlyArray<readonly string[]>
) {
  const cleaned = lists.map((names) => cleanTags(names))
  const spelling = new Map<string, string>()
  for (const tags of cleaned)
    for (const tag of tags) if (!spelling.has(tagKey(tag))) spelling.set(tagKey(tag), tag)
  if (!spelling.size) return cleaned
  const keys = [...spelling.keys()]
  const { rows } = await client.rawQuery(
    `SELECT DISTINCT ON (t.key) t.key, t.name
       FROM threads, unnest(threads.tag_keys, threads.tags) AS t(key, name)
      WHERE threads.user_id = ? AND threads.tag_keys && ?::text[] AND t.key = ANY(?::text[])
      ORDER BY t.key, threads.id`,
    [userId, keys, keys]
  )
  for (const row of rows as Array<{ key: string; name: string }>) spelling.set(row.key, row.name)
  return cleaned.map((tags) => tags.map((tag) => spelling.get(tagKey(tag))!))
}

/** A thread's `tags` written as the reader's pile already spells them (see above). */
export async function spelledAsThePile(
  client: QueryClientContract,
  userId: number,
  names: readonly string[]
) {
  const [tags] = await spelledAllAsThePile(client, userId, [names])
  return tags
}

export interface TagCount {
  name: string
  threads: number
}

/** The reader's tags by name, each as first typed, with how many threads carry it. */
export async function listTags(userId: number, client: QueryClientContract = db.connection()) {
  const { rows } = await client.rawQuery(
    `SELECT DISTINCT ON (t.key) t.key, t.name, count(*) OVER (PARTITION BY t.key)::int AS threads
       FROM threads, unnest(threads.tag_keys, threads.tags) AS t(key, name)
      WHERE threads.user_id = ?
      ORDER BY t.key, threads.id`,
    [userId]
  )
  return rows.map((row: { name: string; threads: number }) => ({
    name: row.name,
    threads: Number(row.threads),
  })) as TagCount[]
}
