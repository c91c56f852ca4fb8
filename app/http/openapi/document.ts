/**
 * The OpenAPI 3.1 description of the JSON API, served at `GET /openapi.json`. Request
 * bodies and query strings come from the same VineJS validators the controllers use;
 * answers from the objects of `./objects.ts`. The admin and debug routes are described
 * exactly when their flags register them.
 */
import env from '#start/env'
import { OBJECTS, ref, type Schema } from '#http/openapi/objects'
import {
  createThreadValidator,
  positionValidator,
  reactivateValidator,
  staleQueryValidator,
  threadListQueryValidator,
  updateThreadValidator,
} from '#validators/thread'
import {
  deleteAccountValidator,
  emailChangeValidator,
  emailConfirmValidator,
  loginValidator,
  passwordResetRequestValidator,
  passwordResetValidator,
  goalValidator,
  registerValidator,
  settingsPatchValidator,
} from '#validators/account'
import { dieValidator, filterValidator, overrideValidator, rateValidator } from '#validators/ritual'
import { addIssuesValidator } from '#validators/issues'
import { pageQueryValidator } from '#validators/paging'
import { importModeValidator } from '#validators/imports'
import {
  orderChangeValidator,
  orderImportValidator,
  orderValidator,
  shareValidator,
} from '#validators/orders'

interface Validator {
  toJSONSchema(): object
}

type Access = 'public' | 'reader' | 'admin'

interface Endpoint {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete'
  /** As the router names it: `/api/threads/:id`. */
  path: string
  tag: string
  summary: string
  description?: string
  access: Access
  body?: Validator | 'upload'
  query?: Validator
  /** The success answer: its status and its body (a schema, a text type, or none). */
  ok: [status: number, body?: Schema | `text/${string}` | 'application/xml', description?: string]
  /** Refusals this route gives besides those every route of its access gives. */
  refusals?: number[]
}

const json = (schema: Schema) => ({ 'application/json': { schema } })

/** A validator's JSON Schema as a request body: unknown keys are ignored, not refused. */
function bodySchema(validator: Validator): Schema {
  const schema = { ...(validator.toJSONSchema() as Schema) }
  delete schema.additionalProperties
  return schema
}

function queryParameters(validator: Validator) {
  const schema = validator.toJSONSchema() as {
    properties: Record<string, Schema>
    required?: string[]
  }
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }))
}

const ENDPOINTS: Endpoint[] = [
  // Accounts
  {
    method: 'post',
    path: '/api/auth/register',
    tag: 'Accounts',
    summary: 'Register and sign in',
    description:
      'Password 8–128 characters, common passwords refused. A duplicate email is a 422. Throttled per address.',
    access: 'public',
    body: registerValidator,
    ok: [201, ref('SignedIn')],
    refusals: [422, 429],
  },
  {
    method: 'post',
    path: '/api/auth/login',
    tag: 'Accounts',
    summary: 'Sign in',
    description:
      'A wrong email and a wrong password answer the same 401. Throttled per account and address.',
    access: 'public',
    body: loginValidator,
    ok: [200, ref('SignedIn')],
    refusals: [401, 422, 429],
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    tag: 'Accounts',
    summary: 'Sign out: this token is revoked from now on',
    access: 'reader',
    ok: [204],
  },
  {
    method: 'get',
    path: '/api/auth/me',
    tag: 'Accounts',
    summary: 'The signed-in reader, with the address an email change waits to confirm',
    access: 'reader',
    ok: [200, ref('UserWithPendingEmail')],
  },
  {
    method: 'delete',
    path: '/api/auth/me/pending-email',
    tag: 'Accounts',
    summary: 'Cancel a pending email change: its link stops working',
    access: 'reader',
    ok: [204],
  },
  {
    method: 'patch',
    path: '/api/auth/me',
    tag: 'Accounts',
    summary: 'Ask to change the email',
    description:
      'After the current password, a confirmation link goes to the new address and a notice to the old one, whose link undoes the change for 7 days; the email changes when the first link is followed. Throttled per account, per address and per target address; a taken or look-alike address is a 422. 503 on a server without mail.',
    access: 'reader',
    body: emailChangeValidator,
    ok: [200, ref('UserWithPendingEmail')],
    refusals: [422, 503],
  },
  {
    method: 'delete',
    path: '/api/auth/me',
    tag: 'Accounts',
    summary: 'Delete the account and every row it owns',
    description: 'After the password, in one transaction. The last admin cannot go (409).',
    access: 'reader',
    body: deleteAccountValidator,
    ok: [204],
    refusals: [409, 422],
  },
  {
    method: 'post',
    path: '/api/auth/password-reset',
    tag: 'Accounts',
    summary: 'Mail a password reset link',
    description:
      'The same 202 at once whether or not the email has an account; the link is single-use and valid 60 minutes. At most 5 mails per email an hour; throttled per address. 503 on a server without mail.',
    access: 'public',
    body: passwordResetRequestValidator,
    ok: [202, { type: 'object', maxProperties: 0 }],
    refusals: [422, 429, 503],
  },
  {
    method: 'post',
    path: '/api/auth/password-reset/confirm',
    tag: 'Accounts',
    summary: 'Choose a new password with a reset link’s token',
    description:
      'Signs in and revokes every earlier token. A password that breaks the rules is a 422 and the token stays usable.',
    access: 'public',
    body: passwordResetValidator,
    ok: [200, ref('SignedIn')],
    refusals: [422, 503],
  },
  {
    method: 'post',
    path: '/api/auth/email-confirm',
    tag: 'Accounts',
    summary: 'Confirm an email change with the mailed token',
    access: 'public',
    body: emailConfirmValidator,
    ok: [200, ref('User')],
    refusals: [422, 503],
  },
  // Threads
  {
    method: 'get',
    path: '/api/threads',
    tag: 'Threads',
    summary: 'The pile, a page at a time',
    description:
      'Active threads by position, then completed ones. `q` matches the title, case and accents ignored; `tag` (repeatable) lists the threads carrying every tag named.',
    access: 'reader',
    query: threadListQueryValidator,
    ok: [200, ref('ThreadPage')],
    refusals: [422],
  },
  {
    method: 'post',
    path: '/api/threads',
    tag: 'Threads',
    summary: 'Add a thread (to the top of the queue unless `at` is "bottom")',
    description:
      'A title the pile already holds (case and accents aside) is added (`on_duplicate` "add", the default), skipped ("skip": 200 with the thread the pile holds) or refused with 409 ("ask").',
    access: 'reader',
    body: createThreadValidator,
    ok: [201, ref('Thread')],
    refusals: [409, 422],
  },
  {
    method: 'get',
    path: '/api/tags',
    tag: 'Threads',
    summary: 'The tags the pile carries, by name, with how many threads carry each',
    access: 'reader',
    ok: [200, ref('Tags')],
    refusals: [],
  },
  {
    method: 'get',
    path: '/api/goals',
    tag: 'Goals',
    summary:
      'The reading goal, this period’s progress and the streak (each null while no goal is set)',
    access: 'reader',
    ok: [200, ref('Goals')],
    refusals: [],
  },
  {
    method: 'put',
    path: '/api/goals',
    tag: 'Goals',
    summary: 'Set the reading goal (it replaces the one set)',
    description:
      'Weeks start on Monday; weeks, months and years are the reader’s, in their time zone.',
    access: 'reader',
    body: goalValidator,
    ok: [200, ref('Goals')],
    refusals: [422],
  },
  {
    method: 'delete',
    path: '/api/goals',
    tag: 'Goals',
    summary: 'Turn the goal and the streak off',
    access: 'reader',
    ok: [204],
    refusals: [],
  },
  {
    method: 'get',
    path: '/api/review/:year',
    tag: 'Goals',
    summary:
      'A year in review: issues read, sessions, threads finished and started, the best reads, by month',
    description:
      'Counted in the reader’s time zone. 404 for a year without reads; a year outside 1900–9999 is 422.',
    access: 'reader',
    ok: [200, ref('Review')],
    refusals: [404, 422],
  },
  {
    method: 'get',
    path: '/api/threads/stale',
    tag: 'Threads',
    summary: 'Active threads idle `days` or more, most idle first',
    access: 'reader',
    query: staleQueryValidator,
    ok: [200, ref('StaleThreads')],
    refusals: [422],
  },
  {
    method: 'get',
    path: '/api/threads/:id',
    tag: 'Threads',
    summary: 'One thread',
    access: 'reader',
    ok: [200, ref('Thread')],
    refusals: [404],
  },
  {
    method: 'patch',
    path: '/api/threads/:id',
    tag: 'Threads',
    summary: 'Change any of its fields',
    description:
      'null clears notes and review_url. issues_remaining 0 completes the thread; above 0 on a completed one brings it back at the top. A thread that lists its issues refuses issues_remaining (mark issues instead).',
    access: 'reader',
    body: updateThreadValidator,
    ok: [200, ref('Thread')],
    refusals: [404, 422],
  },
  {
    method: 'delete',
    path: '/api/threads/:id',
    tag: 'Threads',
    summary: 'Delete a thread (undoable)',
    access: 'reader',
    ok: [204],
    refusals: [404],
  },
  {
    method: 'post',
    path: '/api/threads/:id/reactivate',
    tag: 'Threads',
    summary: 'Bring a completed thread back at the top with new issues',
    access: 'reader',
    body: reactivateValidator,
    ok: [200, ref('Thread')],
    refusals: [404, 409, 422],
  },
  // Issues
  {
    method: 'get',
    path: '/api/threads/:id/issues',
    tag: 'Issues',
    summary: 'The issues a thread lists, in reading order',
    access: 'reader',
    ok: [200, ref('Issues')],
    refusals: [404],
  },
  {
    method: 'post',
    path: '/api/threads/:id/issues',
    tag: 'Issues',
    summary: 'Add issues by ranges: "1-25, 30, Annual 1"',
    description:
      'Appended in reading order; at most 1,000 at once and 5,000 a thread; a number listed twice is a 422.',
    access: 'reader',
    body: addIssuesValidator,
    ok: [201, ref('Issues')],
    refusals: [404, 422],
  },
  {
    method: 'post',
    path: '/api/issues/:id/read',
    tag: 'Issues',
    summary: 'Mark an issue read (idempotent)',
    description: 'Marking the last unread issue read completes the thread.',
    access: 'reader',
    ok: [200, ref('Issue')],
    refusals: [404],
  },
  {
    method: 'delete',
    path: '/api/issues/:id/read',
    tag: 'Issues',
    summary: 'Mark an issue unread',
    access: 'reader',
    ok: [200, ref('Issue')],
    refusals: [404],
  },
  {
    method: 'post',
    path: '/api/issues/:id/read-through',
    tag: 'Issues',
    summary: 'Mark every unread issue up to this one read, in one undoable action',
    access: 'reader',
    ok: [200, ref('Issues')],
    refusals: [404],
  },
  {
    method: 'delete',
    path: '/api/issues/:id',
    tag: 'Issues',
    summary: 'Delete an issue from its thread’s list',
    access: 'reader',
    ok: [204],
    refusals: [404],
  },
  // Queue
  {
    method: 'get',
    path: '/api/queue',
    tag: 'Queue',
    summary: 'The queue: active threads by position, with the die and the roll pool’s size',
    access: 'reader',
    query: threadListQueryValidator,
    ok: [200, ref('QueuePage')],
    refusals: [422],
  },
  ...(['front', 'back'] as const).map((to): Endpoint => ({
    method: 'post',
    path: `/api/queue/:id/${to}`,
    tag: 'Queue',
    summary: `Move a thread to the ${to} of the queue`,
    access: 'reader',
    ok: [200, ref('Thread')],
    refusals: [404, 409],
  })),
  {
    method: 'post',
    path: '/api/queue/:id/position',
    tag: 'Queue',
    summary: 'Move a thread to a position (clamped to the queue’s length)',
    access: 'reader',
    body: positionValidator,
    ok: [200, ref('Thread')],
    refusals: [404, 409, 422],
  },
  // Settings
  {
    method: 'get',
    path: '/api/settings',
    tag: 'Settings',
    summary: 'The reader’s settings',
    access: 'reader',
    ok: [200, ref('Settings')],
  },
  {
    method: 'patch',
    path: '/api/settings',
    tag: 'Settings',
    summary: 'Change any of the settings',
    access: 'reader',
    body: settingsPatchValidator,
    ok: [200, ref('Settings')],
    refusals: [422],
  },
  // Session, roll, rate
  {
    method: 'get',
    path: '/api/session',
    tag: 'Ritual',
    summary: 'The current session (null when none), the die in force and the roll pool',
    description: 'Reading it never starts a session.',
    access: 'reader',
    ok: [200, ref('CurrentSession')],
  },
  {
    method: 'post',
    path: '/api/session/die',
    tag: 'Ritual',
    summary: 'Pick the die by hand for the next rolls',
    access: 'reader',
    body: dieValidator,
    ok: [200, ref('SessionOnly')],
    refusals: [422],
  },
  {
    method: 'delete',
    path: '/api/session/die',
    tag: 'Ritual',
    summary: 'Back to the ladder',
    access: 'reader',
    ok: [200, ref('SessionOnly')],
  },
  {
    method: 'post',
    path: '/api/session/finish',
    tag: 'Ritual',
    summary: 'End the current session',
    access: 'reader',
    ok: [200, ref('SessionOnly')],
    refusals: [409],
  },
  {
    method: 'post',
    path: '/api/session/filter',
    tag: 'Ritual',
    summary: 'Narrow tonight’s roll by tags (replaces any filter)',
    description:
      'At least one tag in all. Counts as activity (starts a session when none is current); ends with the session; undoable.',
    access: 'reader',
    body: filterValidator,
    ok: [200, ref('SessionOnly')],
    refusals: [422],
  },
  {
    method: 'delete',
    path: '/api/session/filter',
    tag: 'Ritual',
    summary: 'Clear tonight’s filter',
    access: 'reader',
    ok: [200, ref('SessionOnly')],
    refusals: [409],
  },
  {
    method: 'delete',
    path: '/api/session/snoozes/:thread_id',
    tag: 'Ritual',
    summary: 'Bring a snoozed thread back into the roll pool',
    access: 'reader',
    ok: [200, ref('SessionOnly')],
    refusals: [404],
  },
  {
    method: 'post',
    path: '/api/roll',
    tag: 'Ritual',
    summary: 'Roll the die over the roll pool; the pick becomes the pending read',
    description:
      'A 409 when the pool is empty: no thread yet, every thread snoozed, or none fitting tonight’s filter.',
    access: 'reader',
    ok: [200, ref('Roll')],
    refusals: [409],
  },
  {
    method: 'post',
    path: '/api/roll/override',
    tag: 'Ritual',
    summary: 'Pick an active thread by hand instead of rolling',
    description: 'A completed thread of yours is a 409; an unknown or foreign one a 404.',
    access: 'reader',
    body: overrideValidator,
    ok: [200, ref('Roll')],
    refusals: [404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/roll/skip',
    tag: 'Ritual',
    summary: 'Drop the pending read without reading it',
    access: 'reader',
    ok: [200, ref('Skip')],
    refusals: [409],
  },
  {
    method: 'post',
    path: '/api/roll/snooze',
    tag: 'Ritual',
    summary: 'Not tonight: the pending read leaves the roll pool until the session ends',
    access: 'reader',
    ok: [200, ref('Snooze')],
    refusals: [409],
  },
  {
    method: 'post',
    path: '/api/rate',
    tag: 'Ritual',
    summary: 'Rate the pending read: the thread moves and the die steps',
    description:
      'A rating of 4.0 or more moves the thread to the front and steps the die down; below, to the back (or past the pool, by the setting) and up. Exactly once per pending read.',
    access: 'reader',
    body: rateValidator,
    ok: [200, ref('Rate')],
    refusals: [409, 422],
  },
  // History and undo
  {
    method: 'get',
    path: '/api/sessions',
    tag: 'History',
    summary: 'Sessions, newest first, with what was read',
    access: 'reader',
    query: pageQueryValidator,
    ok: [200, ref('Sessions')],
    refusals: [422],
  },
  {
    method: 'get',
    path: '/api/sessions/:id',
    tag: 'History',
    summary: 'One session with its events, oldest first',
    access: 'reader',
    ok: [200, ref('SessionDetail')],
    refusals: [404],
  },
  {
    method: 'post',
    path: '/api/sessions/:id/restore-start',
    tag: 'History',
    summary: 'Undo everything of a session back to its start',
    access: 'reader',
    ok: [200, ref('SessionOrNone')],
    refusals: [404, 409],
  },
  {
    method: 'post',
    path: '/api/undo',
    tag: 'History',
    summary: 'Undo the latest action',
    access: 'reader',
    ok: [200, ref('Undo')],
    refusals: [409],
  },
  // Data
  {
    method: 'get',
    path: '/api/export.json',
    tag: 'Data',
    summary: 'Everything the reader owns, as a JSON download',
    access: 'reader',
    ok: [200, ref('Export')],
  },
  {
    method: 'get',
    path: '/api/export.csv',
    tag: 'Data',
    summary: 'The threads as CSV (it imports back as it is)',
    access: 'reader',
    ok: [200, 'text/csv'],
  },
  {
    method: 'get',
    path: '/api/export.md',
    tag: 'Data',
    summary: 'Session summaries as Markdown',
    access: 'reader',
    ok: [200, 'text/markdown'],
  },
  {
    method: 'post',
    path: '/api/import/threads',
    tag: 'Data',
    summary: 'Import threads from CSV (title, format, issues_remaining, …)',
    description:
      'Every row or none: a refused row is listed and nothing is imported. `on_duplicate` (add, the default; skip; ask: 409) says what becomes of a title the pile already holds.',
    access: 'reader',
    body: 'upload',
    query: importModeValidator,
    ok: [200, ref('CsvImport')],
    refusals: [409, 413, 415, 422],
  },
  {
    method: 'post',
    path: '/api/import/reviews',
    tag: 'Data',
    summary: 'Import reviews from CSV (thread_id, review_url, review_timestamp)',
    access: 'reader',
    body: 'upload',
    ok: [200, ref('CsvImport')],
    refusals: [413, 415, 422],
  },
  {
    method: 'post',
    path: '/api/import/json',
    tag: 'Data',
    summary: "Import this app's own JSON export",
    description:
      'On an account with threads, `mode` says whether to add alongside them or replace everything (undoable); without it, 409. Alongside, `on_duplicate` (add, the default; skip; ask: 409) says what becomes of a title the pile already holds; a skipped thread’s history is kept on the reader’s own.',
    access: 'reader',
    body: 'upload',
    query: importModeValidator,
    ok: [200, ref('JsonImport')],
    refusals: [409, 413, 415, 422],
  },
  // Reading orders
  {
    method: 'get',
    path: '/api/orders',
    tag: 'Reading orders',
    summary: 'The reader’s reading orders, newest first',
    access: 'reader',
    ok: [200, ref('Orders')],
  },
  {
    method: 'post',
    path: '/api/orders',
    tag: 'Reading orders',
    summary: 'Make a reading order from entries (series, volume, number), or plan it (dry_run)',
    description:
      'With `dry_run`, a 200 says which thread each series matches, the threads to make, the issues to add and the entries it cannot read; nothing changes. Without, the order is made (undoable). Bodies up to 5 MB; 1–10,000 entries; 200 orders a reader (409); 422 when no entry can be read.',
    access: 'reader',
    body: orderValidator,
    ok: [201, ref('OrderMade')],
    refusals: [409, 413, 422],
  },
  {
    method: 'post',
    path: '/api/orders/import',
    tag: 'Reading orders',
    summary: 'Make (or plan, `dry_run=1`) a reading order from a CBL file',
    description:
      'A multipart `file` or an `application/xml` body, up to 5 MB; its `<Name>` names the order. A document type declaration or an unknown entity is a 422, never expanded.',
    access: 'reader',
    body: 'upload',
    query: orderImportValidator,
    ok: [201, ref('OrderMade')],
    refusals: [409, 413, 415, 422],
  },
  {
    method: 'get',
    path: '/api/orders/:id',
    tag: 'Reading orders',
    summary: 'A reading order with its entries in order',
    access: 'reader',
    ok: [200, ref('OrderWithEntries')],
    refusals: [404],
  },
  {
    method: 'patch',
    path: '/api/orders/:id',
    tag: 'Reading orders',
    summary: 'Rename a reading order or change its mode (undoable)',
    access: 'reader',
    body: orderChangeValidator,
    ok: [200, ref('Order')],
    refusals: [404, 422],
  },
  {
    method: 'delete',
    path: '/api/orders/:id',
    tag: 'Reading orders',
    summary: 'Delete a reading order; its threads and issues stay (undoable)',
    access: 'reader',
    ok: [204],
    refusals: [404],
  },
  {
    method: 'get',
    path: '/api/orders/:id/export.cbl',
    tag: 'Reading orders',
    summary: 'The order as a CBL file that imports back to the same entries',
    access: 'reader',
    ok: [200, 'application/xml'],
    refusals: [404],
  },
  {
    method: 'get',
    path: '/api/shares',
    tag: 'Sharing',
    summary: 'The reader’s live read-only links, oldest first (never their addresses)',
    access: 'reader',
    ok: [200, ref('Shares')],
    refusals: [],
  },
  {
    method: 'post',
    path: '/api/shares',
    tag: 'Sharing',
    summary: 'Make a read-only link to the queue or to one of the reader’s orders',
    description:
      'The answer carries the link’s `url` once: only a hash of its token is kept. 10 live links a reader (409); an order not the reader’s is 404. Not undoable.',
    access: 'reader',
    body: shareValidator,
    ok: [201, ref('ShareMade')],
    refusals: [404, 409, 422],
  },
  {
    method: 'delete',
    path: '/api/shares/:id',
    tag: 'Sharing',
    summary: 'Revoke a link: its page answers 404 from now on (not undoable)',
    access: 'reader',
    ok: [204],
    refusals: [404],
  },
]

const OPS_ENDPOINTS: Endpoint[] = [
  {
    method: 'get',
    path: '/api/admin/users',
    tag: 'Operations',
    summary: 'Every account, with its thread count and last activity',
    access: 'admin',
    ok: [200, ref('AdminUsers')],
  },
  {
    method: 'get',
    path: '/api/admin/export.json',
    tag: 'Operations',
    summary: "Every reader's data (no password hashes, no token rows)",
    access: 'admin',
    ok: [200, ref('AdminExport')],
  },
  {
    method: 'post',
    path: '/api/admin/users/:id/revoke-tokens',
    tag: 'Operations',
    summary: 'Revoke every token of an account',
    access: 'admin',
    ok: [200, ref('Revoked')],
    refusals: [404],
  },
]

const DEBUG_ENDPOINTS: Endpoint[] = [
  {
    method: 'get',
    path: '/debug/errors',
    tag: 'Operations',
    summary: 'Counts of 5xx answers by route since the process started',
    access: 'admin',
    ok: [200, ref('ErrorCounts')],
  },
  {
    method: 'post',
    path: '/debug/trigger-500',
    tag: 'Operations',
    summary: 'Answers the ordinary 500 body, to try alerting',
    access: 'admin',
    ok: [500, ref('Error')],
  },
]

const HEALTH: Endpoint = {
  method: 'get',
  path: '/health',
  tag: 'Operations',
  summary: 'Whether the app and its database answer',
  access: 'public',
  ok: [200, ref('Health')],
}

const REFUSALS: Record<number, string> = {
  401: 'No token, or one that is invalid, expired or revoked.',
  403: 'Signed in, but not an admin.',
  404: 'Unknown, or another reader’s.',
  409: 'The action does not fit the current state; with the rule `duplicate`, the titles the pile already holds are listed in `duplicates` and nothing changed.',
  413: 'The body is larger than its limit (256 KB; 5 MB for imports), counted after decompression.',
  415: 'A content type this route does not take.',
  422: 'A field is invalid: `field` and `rule` say which and why.',
  429: 'Throttled: `Retry-After` says when to try again.',
  503: 'Not available now (the database, or mail on a server without it): see `Retry-After` when present.',
}

/** Refusals every route of an access level can give. */
const COMMON: Record<Access, number[]> = {
  public: [413, 415, 503],
  reader: [401, 413, 415, 429, 503],
  admin: [401, 403, 503],
}

const UPLOAD_BODY = {
  required: true,
  description: 'A multipart form with the file as `file`, or the file itself as the body (≤ 5 MB).',
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
        required: ['file'],
      },
    },
    'text/csv': { schema: { type: 'string' } },
    'application/json': { schema: { type: 'object' } },
    'application/xml': { schema: { type: 'string' } },
  },
}

function operation(endpoint: Endpoint) {
  const [status, body, description] = endpoint.ok
  const pathParameters = [...endpoint.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'integer', minimum: 1 },
  }))
  const parameters = [...pathParameters, ...(endpoint.query ? queryParameters(endpoint.query) : [])]
  const success = {
    description: description ?? (status === 204 ? 'Done; no body.' : 'Done.'),
    ...(typeof body === 'string'
      ? { content: { [`${body}; charset=utf-8`]: { schema: { type: 'string' } } } }
      : body
        ? { content: json(body) }
        : {}),
  }
  const refusals = [...new Set([...COMMON[endpoint.access], ...(endpoint.refusals ?? [])])].sort(
    (a, b) => a - b
  )
  return {
    tags: [endpoint.tag],
    summary: endpoint.summary,
    ...(endpoint.description ? { description: endpoint.description } : {}),
    operationId: `${endpoint.method}${endpoint.path.replace(/[/:.-](\w)/g, (_, c) => c.toUpperCase())}`,
    ...(endpoint.access === 'public' ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(endpoint.body === 'upload'
      ? { requestBody: UPLOAD_BODY }
      : endpoint.body
        ? { requestBody: { required: true, content: json(bodySchema(endpoint.body)) } }
        : {}),
    responses: {
      [String(status)]: success,
      ...Object.fromEntries(
        refusals
          .filter((code) => code !== status)
          .map((code) => [String(code), { $ref: `#/components/responses/E${code}` }])
      ),
    },
  }
}

/** The endpoints this server registers: the ops and debug ones only when flagged on. */
export function documentedEndpoints(): Endpoint[] {
  return [
    HEALTH,
    ...ENDPOINTS,
    ...(env.get('ENABLE_INTERNAL_OPS_ROUTES') ? OPS_ENDPOINTS : []),
    ...(env.get('ENABLE_DEBUG_ROUTES') ? DEBUG_ENDPOINTS : []),
  ]
}

function buildDocument() {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const endpoint of documentedEndpoints()) {
    const path = endpoint.path.replace(/:(\w+)/g, '{$1}')
    paths[path] = { ...paths[path], [endpoint.method]: operation(endpoint) }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Comic Pile API',
      version: '1.2',
      summary: 'Roll a die over your pile of comics, read, rate: the JSON API for automation.',
      description:
        'JSON in and out, snake_case keys, times in UTC (ISO 8601). Unknown keys in a body are ignored. Another reader’s id answers 404. Every refusal has the body `{"errors":[{"message","field","rule"}]}`. The guide for people is docs/api.md of the project.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ bearer: [] }],
    tags: [
      'Accounts',
      'Threads',
      'Issues',
      'Queue',
      'Settings',
      'Ritual',
      'History',
      'Reading orders',
      'Goals',
      'Sharing',
      'Data',
      'Operations',
    ].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The token that register, login or a password reset answers.',
        },
      },
      schemas: OBJECTS,
      responses: Object.fromEntries(
        Object.entries(REFUSALS).map(([code, description]) => [
          `E${code}`,
          { description, content: json(ref('Error')) },
        ])
      ),
    },
  }
}

let document: ReturnType<typeof buildDocument> | undefined

/** The document, built once per process (it depends only on the code and the flags). */
export function openApiDocument() {
  document ??= buildDocument()
  return document
}
