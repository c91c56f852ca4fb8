/**
 * The API's objects (docs/api.md) as JSON Schemas (2020-12, the dialect of OpenAPI
 * 3.1), for `GET /openapi.json`. Each matches what `#http/api_json` answers; the
 * OpenAPI test validates real answers against them, so a field added there and not
 * here fails it.
 */

export type Schema = Record<string, unknown>

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` })
export const orNull = (schema: Schema): Schema =>
  '$ref' in schema ? { anyOf: [schema, { type: 'null' }] } : widenToNull(schema)

function widenToNull(schema: Schema): Schema {
  const widened = { ...schema }
  if (typeof schema.type === 'string') widened.type = [schema.type, 'null']
  if (Array.isArray(schema.enum)) widened.enum = [...schema.enum, null]
  return 'type' in schema || 'enum' in schema ? widened : { anyOf: [schema, { type: 'null' }] }
}

/** An object whose every property is present (answers always carry every key). */
export function record(properties: Record<string, Schema>, description?: string): Schema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  }
}

const id: Schema = { type: 'integer', minimum: 1 }
const time: Schema = { type: 'string', format: 'date-time' }
const die: Schema = { type: 'integer', enum: [4, 6, 8, 10, 12, 20] }
const rating: Schema = { type: 'number', minimum: 0.5, maximum: 5, multipleOf: 0.5 }
const listOf = (schema: Schema): Schema => ({ type: 'array', items: schema })

const share = {
  id,
  what: { type: 'string', enum: ['queue', 'order'] },
  order_id: orNull(id),
  created_at: time,
  ends_with: {
    type: 'string',
    minLength: 4,
    maxLength: 4,
    description: 'The last four characters of the link’s token, to tell links apart.',
  },
}

const orderEntry = {
  position: { type: 'integer', minimum: 1 },
  thread_id: id,
  thread_title: { type: 'string' },
  issue_id: id,
  number: { type: 'string', minLength: 1, maxLength: 20 },
  read: { type: 'boolean', description: 'The state of the issue itself.' },
}
const order = {
  id,
  name: { type: 'string', minLength: 1, maxLength: 200 },
  mode: { enum: ['guide', 'strict'] },
  entries_total: { type: 'integer', minimum: 0 },
  entries_read: { type: 'integer', minimum: 0 },
  done: { type: 'boolean' },
  next_entry: orNull(ref('OrderEntry')),
  created_at: time,
  updated_at: time,
}
const unreadable: Schema = {
  ...listOf(record({ index: { type: 'integer', minimum: 0 }, message: { type: 'string' } })),
  description: 'Entries that cannot be read and why, by index from 0.',
}

const thread = {
  id,
  title: { type: 'string', minLength: 1, maxLength: 200 },
  format: { type: 'string', minLength: 1, maxLength: 50 },
  issues_remaining: {
    type: 'integer',
    minimum: 0,
    description: 'Issues left; for a thread that lists its issues, the unread ones.',
  },
  next_issue: {
    type: ['string', 'null'],
    description: 'The number of the next unread issue; null when the thread lists none.',
  },
  issues_total: {
    type: ['integer', 'null'],
    description: 'How many issues the thread lists; null when it lists none.',
  },
  position: {
    type: ['integer', 'null'],
    minimum: 1,
    description: 'Place in the queue (1 is the top); null when completed.',
  },
  status: { enum: ['active', 'completed'] },
  notes: { type: ['string', 'null'] },
  review_url: { type: ['string', 'null'], format: 'uri' },
  last_review_at: orNull(time),
  last_rating: orNull(rating),
  last_activity_at: orNull(time),
  created_at: time,
  updated_at: time,
  tags: {
    type: 'array',
    maxItems: 20,
    items: { type: 'string', minLength: 1, maxLength: 30 },
    description: 'Its tags as the reader spells them; compared case- and accent-insensitively.',
  },
}

const user = {
  id,
  email: { type: ['string', 'null'], description: 'Null only for an unclaimed legacy reader.' },
  is_admin: { type: 'boolean' },
  created_at: time,
}

const session = {
  id,
  started_at: time,
  ended_at: orNull(time),
  last_activity_at: time,
  start_die: die,
  current_die: { ...die, description: 'The die the next roll uses: the manual die when set.' },
  ladder_die: { ...die, description: "The ladder's rung alone." },
  manual_die: orNull(die),
  ladder_path: { ...listOf(die), description: 'The dice of the session in order: [6, 4, 6].' },
  pending_thread: orNull(ref('Thread')),
  snoozed: listOf(record({ id, title: { type: 'string' } })),
  pending_issue: {
    ...orNull(record({ id, number: { type: 'string' } })),
    description: 'The issue the pending read is of, when it was picked from an order’s entry.',
  },
  orders: {
    ...listOf(
      record({
        id,
        name: { type: 'string' },
        mode: { enum: ['guide', 'strict'] },
        next_entry: ref('OrderEntry'),
      })
    ),
    description: 'Every reading order not done, most recently changed first.',
  },
  filter: {
    ...orNull(
      record({
        include: listOf({ type: 'string' }),
        exclude: listOf({ type: 'string' }),
      })
    ),
    description:
      'Tonight’s filter, null when none: the roll pool is of the threads carrying a tag of `include` (when any) and none of `exclude`.',
  },
  held_back: {
    ...listOf(
      record({
        id,
        title: { type: 'string' },
        waiting_for: record({
          order_id: id,
          order_name: { type: 'string' },
          thread_title: { type: 'string' },
          number: { type: 'string' },
        }),
      })
    ),
    description:
      'Threads strict orders hold back from the roll pool, each with the entry it waits for.',
  },
}

const reads = listOf(
  record({ thread_id: orNull(id), title: { type: 'string' }, rating, issues_read: id })
)

const event = {
  id,
  type: {
    type: 'string',
    description:
      'roll, rate, rolled_but_skipped, reorder, snoozed, undo, issue_read, … (the list grows).',
  },
  created_at: time,
  thread_id: orNull(id),
  thread_title: { type: ['string', 'null'] },
  die: orNull(die),
  result: { type: ['integer', 'null'], minimum: 1 },
  selection_method: { enum: ['random', 'override', null] },
  rating: orNull(rating),
  issues_read: { type: ['integer', 'null'], minimum: 0 },
  issue_number: { type: ['string', 'null'] },
  die_after: orNull(die),
  queue_move: { type: ['string', 'null'] },
  undone: { type: 'boolean' },
}

const page = record({
  total: {
    type: 'integer',
    minimum: 0,
    description: 'How many match, on every page: exact up to 10,000 for a search, then 10,000.',
  },
  total_capped: {
    type: 'boolean',
    description: 'True when a search matches more than 10,000 and `total` says 10,000.',
  },
  per_page: { type: 'integer', minimum: 1, maximum: 500 },
  next_cursor: {
    type: ['string', 'null'],
    description: 'Pass it as `cursor` for the next page; null on the last one.',
  },
})

/** Titles of a batch the pile already holds: by index in the batch, with the thread that holds it. */
const duplicates = listOf(
  record({ index: { type: 'integer', minimum: 0 }, title: { type: 'string' }, thread_id: id })
)

/** `record`, with the properties named in `optional` left out of `required`. */
function withOptional(schema: Schema, optional: string[]): Schema {
  const required = (schema as { required: string[] }).required
  return { ...schema, required: required.filter((name) => !optional.includes(name)) }
}

export const OBJECTS: Record<string, Schema> = {
  Error: withOptional(
    record(
      {
        duplicates: {
          ...duplicates,
          description:
            'On a 409 whose rule is `duplicate`: the titles the pile already holds (answer with `on_duplicate`).',
        },
        errors: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            properties: {
              message: { type: 'string' },
              field: { type: 'string', description: 'On validation errors: the field at fault.' },
              rule: { type: 'string', description: 'On validation errors: the rule it broke.' },
            },
            required: ['message'],
            additionalProperties: false,
          },
        },
      },
      'Every refusal: 4xx and 5xx answers carry this body.'
    ),
    ['duplicates']
  ),
  Thread: record(thread, 'A row of the pile.'),
  User: record(user),
  UserWithPendingEmail: record({
    ...user,
    pending_email: {
      type: ['string', 'null'],
      description: 'The address waiting for its confirmation link to be followed.',
    },
  }),
  SignedIn: record({
    token: { type: 'string', description: 'An HS256 JWT: send it as `Authorization: Bearer`.' },
    token_type: { const: 'Bearer' },
    expires_at: time,
    user: ref('User'),
  }),
  Session: record(session, 'A reading session: the die, the ladder and the pending read.'),
  SessionSummary: record({
    ...session,
    reads,
    skipped: listOf({ type: 'string' }),
    completed: listOf({ type: 'string' }),
  }),
  SessionDetail: record({
    ...session,
    reads,
    skipped: listOf({ type: 'string' }),
    completed: listOf({ type: 'string' }),
    events: listOf(ref('Event')),
  }),
  Event: record(event, 'One thing that happened in a session, oldest first in a session.'),
  Issue: record({
    id,
    number: {
      type: 'string',
      minLength: 1,
      maxLength: 20,
      description: '"14", "14.1", "Annual 2"',
    },
    read_at: orNull(time),
  }),
  Settings: record({
    session_gap_hours: { type: 'integer', minimum: 1, maximum: 168 },
    start_die: die,
    low_rating_placement: { enum: ['back', 'after_pool'] },
    time_zone: { type: 'string', description: 'An IANA time zone name; "UTC" until set.' },
  }),
  ThreadPage: record({ data: listOf(ref('Thread')), meta: page }),
  QueuePage: record({
    current_die: die,
    roll_pool_size: { type: 'integer', minimum: 0 },
    data: listOf(ref('Thread')),
    meta: page,
  }),
  StaleThreads: record({
    data: listOf(
      record(
        { ...thread, days_idle: { type: 'integer', minimum: 0 } },
        'A Thread and its idle days.'
      )
    ),
  }),
  CurrentSession: record({
    session: orNull(ref('Session')),
    current_die: die,
    roll_pool: { ...listOf(ref('Thread')), description: 'Entry k is face k of the die.' },
    roll_pool_size: { type: 'integer', minimum: 0 },
  }),
  SessionOnly: record({ session: ref('Session') }),
  SessionOrNone: record({ session: orNull(ref('Session')) }),
  Roll: record({
    die,
    result: { type: ['integer', 'null'], minimum: 1, description: 'The face; null for a pick.' },
    thread: ref('Thread'),
    session: ref('Session'),
  }),
  Skip: record({ skipped: orNull(ref('Thread')), session: ref('Session') }),
  Snooze: record({ snoozed: ref('Thread'), session: ref('Session') }),
  Rate: record({
    thread: ref('Thread'),
    die_before: die,
    die_after: die,
    queue_move: { type: ['string', 'null'], description: '"front", "back", or null.' },
    completed: { type: 'boolean' },
    session: ref('Session'),
  }),
  Sessions: record({
    data: listOf(ref('SessionSummary')),
    meta: record({
      total: { type: 'integer', minimum: 0 },
      page: { type: 'integer', minimum: 1 },
      per_page: { type: 'integer', minimum: 1, maximum: 100 },
    }),
  }),
  Undo: record({
    undone: { type: 'string', description: 'What was undone, in words.' },
    session: orNull(ref('Session')),
  }),
  Issues: record({ data: listOf(ref('Issue')) }),
  OrderEntry: record(orderEntry, 'An entry of a reading order: one issue of one thread.'),
  Order: record(order, 'A reading order: entries read in order across threads.'),
  Orders: record({ data: listOf(ref('Order')) }),
  Goals: record({
    goal: orNull(
      record({
        unit: { enum: ['issues', 'sessions'] },
        per: { enum: ['week', 'month', 'year'] },
        target: { type: 'integer', minimum: 1, maximum: 10000 },
      })
    ),
    progress: orNull(
      record({
        period_start: time,
        period_end: { ...time, description: 'The start of the next period.' },
        done: { type: 'integer', minimum: 0 },
        target: { type: 'integer', minimum: 1 },
        to_go: { type: 'integer', minimum: 0 },
        on_pace: { type: 'boolean', description: 'done ≥ target × the part of the period gone by' },
      })
    ),
    streak: orNull(
      record({
        weeks: {
          type: 'integer',
          minimum: 0,
          description: 'Consecutive weeks with a reading session, up to this one.',
        },
        best_weeks: { type: 'integer', minimum: 0 },
      })
    ),
  }),
  Review: record({
    year: { type: 'integer' },
    issues_read: { type: 'integer', minimum: 0 },
    sessions: { type: 'integer', minimum: 0 },
    threads_finished: { type: 'integer', minimum: 0 },
    threads_started: { type: 'integer', minimum: 0 },
    top_reads: listOf(
      record({ thread_id: orNull(id), title: { type: 'string' }, rating, read_at: time })
    ),
    busiest_month: orNull(
      record({
        month: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' },
        issues_read: { type: 'integer' },
      })
    ),
    longest_streak_weeks: { type: 'integer', minimum: 0 },
    die_by_month: listOf(
      record({
        month: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' },
        average_die: { type: ['number', 'null'] },
      })
    ),
    pile_by_month: listOf(
      record({
        month: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' },
        active_threads: { type: ['integer', 'null'] },
        issues_left: { type: ['integer', 'null'] },
      })
    ),
  }),
  Tags: record({
    data: listOf(
      record({
        name: { type: 'string', description: 'As the reader first typed it.' },
        threads: { type: 'integer', minimum: 1, description: 'Threads carrying it.' },
      })
    ),
  }),
  Shares: record({ data: listOf(ref('Share')) }),
  Share: record(share, 'A read-only link to the queue or to one reading order.'),
  ShareMade: record({
    ...share,
    url: {
      type: 'string',
      format: 'uri',
      description: 'APP_URL/s/<token>: shown this once; anyone holding it sees the list.',
    },
  }),
  OrderWithEntries: record({ ...order, entries: listOf(ref('OrderEntry')) }),
  OrderMade: record({
    ...order,
    entries: listOf(ref('OrderEntry')),
    threads_created: { type: 'integer', minimum: 0 },
    issues_added: { type: 'integer', minimum: 0 },
    unreadable,
  }),
  OrderPlan: record(
    {
      threads_matched: listOf(
        record({
          series: { type: 'string' },
          volume: { type: ['string', 'null'] },
          thread_id: id,
          title: { type: 'string' },
          changes: {
            ...listOf({ type: 'string' }),
            description: 'What making the order changes of it: "issues left 30 → 3", …',
          },
        })
      ),
      threads_created: listOf(record({ title: { type: 'string' } })),
      issues_added: { type: 'integer', minimum: 0 },
      unreadable,
    },
    'What making the order would do (a dry run): nothing has changed.'
  ),
  CsvImport: withOptional(
    record({
      imported: { type: 'integer', minimum: 0 },
      errors: listOf(record({ row: { type: 'integer', minimum: 1 }, message: { type: 'string' } })),
      skipped: {
        ...duplicates,
        description: 'Threads: the rows left out as already in the pile (`on_duplicate=skip`).',
      },
    }),
    ['skipped']
  ),
  JsonImport: record({
    imported: record({
      threads: { type: 'integer', minimum: 0 },
      sessions: { type: 'integer', minimum: 0 },
      events: { type: 'integer', minimum: 0 },
    }),
    skipped: {
      ...duplicates,
      description: "The file's threads left out as already in the pile (`on_duplicate=skip`).",
    },
  }),
  Export: {
    type: 'object',
    description: "Everything the reader owns, in this app's export format.",
    properties: {
      format: { type: 'string' },
      version: { type: 'integer' },
      exported_at: time,
      user: { type: 'object' },
      threads: listOf({ type: 'object' }),
      sessions: listOf({ type: 'object' }),
      events: listOf({ type: 'object' }),
      orders: listOf({ type: 'object' }),
    },
    required: ['format', 'version', 'exported_at', 'threads', 'sessions', 'events', 'orders'],
  },
  Health: record({
    status: { enum: ['ok', 'unavailable'] },
    database: { enum: ['ok', 'unreachable', 'busy'] },
  }),
  AdminUsers: record({
    data: listOf(
      record({
        ...user,
        thread_count: { type: 'integer', minimum: 0 },
        last_active_at: orNull(time),
      })
    ),
  }),
  AdminExport: {
    type: 'object',
    description: "Every reader's rows (no password hashes, no token rows).",
    required: ['exported_at', 'users', 'threads', 'issues', 'sessions', 'events'],
  },
  Revoked: record({ revoked: { type: 'integer', minimum: 0 } }),
  ErrorCounts: record({
    since: time,
    total: { type: 'integer', minimum: 0 },
    by_route: { type: 'object', additionalProperties: { type: 'integer' } },
  }),
}
