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
 * `tags` written as the reader's pile already spells them (the thread carrying a tag
 * first, by id), cleaned; a tag new to the pile as typed.
 */
export async function spelledAsThePile(
  client: QueryClientContract,
  userId: number,
  names: readonly string[]
) {
  const tags = cleanTags(names)
  if (!tags.length) return tags
  const keys = tags.map(tagKey)
  const { rows } = await client.rawQuery(
    `SELECT DISTINCT ON (t.key) t.key, t.name
       FROM threads, unnest(threads.tag_keys, threads.tags) AS t(key, name)
      WHERE threads.user_id = ? AND threads.tag_keys && ?::text[] AND t.key = ANY(?::text[])
      ORDER BY t.key, threads.id`,
    [userId, keys, keys]
  )
  const known = new Map<string, string>(
    rows.map((row: { key: string; name: string }) => [row.key, row.name])
  )
  return tags.map((tag, index) => known.get(keys[index]) ?? tag)
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
