/**
 * Figures worked out from a reader's rows, kept in this process by the reader's state
 * version: every change of a reader's rows bumps that version (app/domain/user_lock.ts),
 * so what is kept for a version holds exactly as long as it is the reader's, in every
 * process alike. One entry a reader (with a `tag` saying what else it was worked out for:
 * a year, a time zone); the readers kept longest ago go first past `most`.
 */
export class KeptByVersion<T> {
  #kept = new Map<number, { version: number; tag: string; value: T }>()

  constructor(private readonly most: number) {}

  /** What is kept for the reader at `version` (and `tag`), if anything. */
  at(userId: number, version: number | undefined, tag = ''): T | null {
    const entry = this.#kept.get(userId)
    return entry && version !== undefined && entry.version === version && entry.tag === tag
      ? entry.value
      : null
  }

  /** Keeps `value` as the reader's at `version` (and `tag`). */
  keep(userId: number, version: number, value: T, tag = '') {
    this.#kept.delete(userId)
    this.#kept.set(userId, { version, tag, value })
    if (this.#kept.size > this.most) this.#kept.delete(this.#kept.keys().next().value!)
  }

  /** The kept value at `version` and `tag`, else `work`'s, kept (when the version is known). */
  async through(userId: number, version: number | undefined, tag: string, work: () => Promise<T>) {
    const kept = this.at(userId, version, tag)
    if (kept) return kept
    const value = await work()
    if (version !== undefined) this.keep(userId, version, value, tag)
    return value
  }
}
