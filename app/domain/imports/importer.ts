import { claimOnOwnConnection } from '#services/own_connection_claims'
import db from '@adonisjs/lucid/services/db'
import type { ImportPlan, ImportRefusal } from '#domain/imports/plan'
import { planReviewsCsv, planThreadsCsv } from '#domain/imports/csv_sources'
import { planJsonExport } from '#domain/imports/export_source'
import {
  alreadyImported,
  type LegacyRefusal,
  type LegacySkipped,
  planLegacy,
  readLegacy,
  screenLegacy,
} from '#domain/imports/legacy_source'
import { type ImportCounts, type ImportMode, writeImport } from '#domain/imports/writer'
import type { OnDuplicate } from '#domain/duplicates'

export type ImportResult = { imported: ImportCounts } | ImportRefusal

/** The first key of the advisory locks that claim a reader's imports (the second is the reader). */
const IMPORT_CLAIMS = 0x1d90

/**
 * Runs `work` as the reader's only import: several processes share the claim (a lock
 * in PostgreSQL), and a second import while one runs is refused, not queued.
 */
async function oneImportAtATime(
  userId: number,
  work: () => Promise<ImportResult>
): Promise<ImportResult> {
  // It ends with its process: a crash never leaves the reader unable to import.
  const claim = await claimOnOwnConnection(IMPORT_CLAIMS, userId)
  if (!claim) {
    return {
      kind: 'busy',
      message: 'An import of yours is still running. Try again when it is done.',
    }
  }
  try {
    return await work()
  } finally {
    // Closing the connection ends its lock.
    await claim.release().catch(() => {})
  }
}

/**
 * Lets the planner know of an import's rows at once (autovacuum would in a minute or
 * so): the tables an import fills are vacuumed (their new pages marked visible, so the
 * queue's counts and ranks read the index alone) and sampled again for statistics.
 * Both read only what changed, or a bounded sample.
 */
async function freshStatistics() {
  await db.rawQuery('VACUUM (ANALYZE) threads, issues')
}

/** Reads the file into a plan (no connection held), then writes it under the reader's lock. */
function runImport(
  userId: number,
  read: () => Promise<ImportPlan | ImportRefusal>,
  mode: ImportMode,
  onDuplicate: OnDuplicate = 'add'
) {
  return oneImportAtATime(userId, async () => {
    const plan = await read()
    if ('kind' in plan) return plan
    const written = await writeImport(userId, plan, mode, onDuplicate)
    if ('kind' in written) return written
    await freshStatistics()
    return { imported: written }
  })
}

/**
 * Threads from a CSV, at the bottom of the queue in file order. All rows or none (a
 * title the pile holds: as `onDuplicate` says).
 */
export function importThreadsCsv(userId: number, text: string, onDuplicate: OnDuplicate = 'add') {
  return runImport(userId, () => planThreadsCsv(text), 'add', onDuplicate)
}

/** Review links from a CSV, for the reader's own threads. All rows or none. */
export function importReviewsCsv(userId: number, text: string) {
  return runImport(userId, () => planReviewsCsv(text), 'add')
}

/**
 * This app's JSON export, alongside the reader's pile or instead of it (`ask`: neither
 * yet); alongside, a title the pile holds is added, skipped or asked as `onDuplicate` says.
 */
export function importJsonExport(
  userId: number,
  text: string,
  mode: ImportMode,
  onDuplicate: OnDuplicate = 'add'
) {
  return runImport(userId, () => planJsonExport(text), mode, onDuplicate)
}

/**
 * The earlier app's reader into `userId`'s account. Running it again adds nothing:
 * what was imported before (by legacy id) is passed over and counted as skipped. A row
 * this app's rules refuse is not stored, and is listed in `refused`.
 */
export async function importLegacyDatabase(
  url: string,
  userId: number,
  progress: (line: string) => void = () => {}
): Promise<
  (ImportResult & { skipped?: LegacySkipped; refused?: LegacyRefusal[] }) | ImportRefusal
> {
  const legacy = await readLegacy(url)
  progress(
    `read ${legacy.threads.length} threads, ${legacy.sessions.length} sessions, ${legacy.events.length} events`
  )
  const { accepted, refused } = await screenLegacy(legacy)
  // Events keep the titles of their threads, a refused thread's too (as a title may be).
  const titles = new Map(
    legacy.threads.map((thread) => [thread.id, thread.title.trim().slice(0, 200) || null])
  )
  let skipped: LegacySkipped | undefined
  const result = await runImport(
    userId,
    async () => {
      const planned = planLegacy(accepted, await alreadyImported(userId), titles)
      skipped = planned.skipped
      return planned.plan
    },
    'add'
  )
  return { ...result, skipped, refused }
}
