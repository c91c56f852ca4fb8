import lock from '@adonisjs/lock/services/main'
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

export type ImportResult = { imported: ImportCounts } | ImportRefusal

/** How long an import's claim on its reader lasts if its process dies without releasing it. */
const CLAIM_LIFETIME = '10m'

/**
 * Runs `work` as the reader's only import: several processes share the claim (a lock
 * in PostgreSQL), and a second import while one runs is refused, not queued.
 */
async function oneImportAtATime(
  userId: number,
  work: () => Promise<ImportResult>
): Promise<ImportResult> {
  const claim = lock.createLock(`import:${userId}`, CLAIM_LIFETIME)
  if (!(await claim.acquireImmediately())) {
    return {
      kind: 'busy',
      message: 'An import of yours is still running. Try again when it is done.',
    }
  }
  try {
    return await work()
  } finally {
    await claim.release()
  }
}

/** Reads the file into a plan (no connection held), then writes it under the reader's lock. */
function runImport(
  userId: number,
  read: () => Promise<ImportPlan | ImportRefusal>,
  mode: ImportMode
) {
  return oneImportAtATime(userId, async () => {
    const plan = await read()
    if ('kind' in plan) return plan
    const written = await writeImport(userId, plan, mode)
    return 'kind' in written ? written : { imported: written }
  })
}

/** Threads from a CSV, at the bottom of the queue in file order. All rows or none. */
export function importThreadsCsv(userId: number, text: string) {
  return runImport(userId, () => planThreadsCsv(text), 'add')
}

/** Review links from a CSV, for the reader's own threads. All rows or none. */
export function importReviewsCsv(userId: number, text: string) {
  return runImport(userId, () => planReviewsCsv(text), 'add')
}

/** This app's JSON export, alongside the reader's pile or instead of it (`ask`: neither yet). */
export function importJsonExport(userId: number, text: string, mode: ImportMode) {
  return runImport(userId, () => planJsonExport(text), mode)
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
  const titles = new Map(legacy.threads.map((thread) => [thread.id, thread.title]))
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
