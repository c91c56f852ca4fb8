/**
 * A thread's fields, declared once: what a reader gives a thread and gets back from
 * every surface (the API's Thread, the JSON export, the threads CSV both ways) and
 * what an import writes. The import writer's statement is built from this list, the
 * CSV import reads these columns, the API's Thread and the export JSON take these
 * fields through `fieldsJson`, and tests/unit/thread_fields.spec.ts checks that
 * every field appears in the API Thread, the export JSON, the CSV export and the
 * writer. A new field ("publisher", say) is: a migration, an entry here, its rule in
 * `app/validators/thread.ts` and `app/validators/imports.ts`, the model's column, and
 * the views that show it.
 *
 * Fields that are not a reader's to give are not here: the id, the queue key and its
 * state (app/domain/thread_state.ts), a list's counts (issues_total, next_issue:
 * app/domain/issues.ts), updated_at.
 */

/** How a field is stored (the type the writer reads it from JSON as). */
export type FieldType = 'text' | 'int' | 'numeric' | 'timestamptz' | 'text[]'

export interface ThreadField {
  /** The column, and the name in the API, the exports and the CSV. */
  name: string
  /** The plan's and the model's name for it. */
  key: string
  type: FieldType
  /** Whether a threads CSV must have it (a file without it is refused). */
  requiredInCsv: boolean
  /** What a thread given none holds (null unless said). */
  none: unknown
}

/** The model's name of a column (`issues_remaining` → `issuesRemaining`). */
export const keyOf = (name: string) =>
  name.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase())

const field = (
  name: string,
  type: FieldType,
  { requiredInCsv = false, none = null as unknown } = {}
): ThreadField => ({ name, key: keyOf(name), type, requiredInCsv, none })

export const THREAD_FIELDS: readonly ThreadField[] = [
  field('title', 'text', { requiredInCsv: true }),
  field('format', 'text', { requiredInCsv: true }),
  field('issues_remaining', 'int', { requiredInCsv: true }),
  field('notes', 'text'),
  field('review_url', 'text'),
  field('last_review_at', 'timestamptz'),
  field('last_rating', 'numeric'),
  field('last_activity_at', 'timestamptz'),
  field('created_at', 'timestamptz'),
  // Its tags as typed (app/domain/tags.ts; the writer adds their keys)
  field('tags', 'text[]', { none: [] }),
]

/** The names of the fields, in their declared order. */
export const THREAD_FIELD_NAMES = THREAD_FIELDS.map((f) => f.name)

/**
 * A thread's declared fields as JSON, by their names: each read by `value` and turned
 * into JSON by its type's converter in `json` (taken as it is when none is given). The
 * API's Thread and the export's build their declared part with it.
 */
export function fieldsJson(
  value: (field: ThreadField) => unknown,
  json: Partial<Record<FieldType, (value: any) => unknown>> = {}
) {
  const fields: Record<string, unknown> = {}
  for (const declared of THREAD_FIELDS) {
    const convert = json[declared.type]
    fields[declared.name] = convert ? convert(value(declared)) : value(declared)
  }
  return fields
}
