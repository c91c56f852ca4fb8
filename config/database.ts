import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/lucid'
import { logOnceInAWhile } from '#services/database_errors'

/** Where knex's own messages go: the app's log, each kind once a minute at most. */
const knexLog = Object.fromEntries(
  (['warn', 'error', 'deprecate', 'debug'] as const).map((level) => [
    level,
    (message: unknown) => {
      const text = String(message instanceof Error ? message.message : message)
      const kind = text.split(':')[0].slice(0, 60)
      const due = logOnceInAWhile(`knex:${level}:${kind}`)
      if (!due) return
      // The first line only (never a stack or a statement), at most 200 characters
      const line = text.split('\n')[0].slice(0, 200)
      void import('@adonisjs/core/services/logger').then(({ default: logger }) =>
        logger[level === 'error' ? 'error' : 'warn'](
          { unlogged_since_last: due.unlogged },
          `database client: ${line}`
        )
      )
    },
  ])
)

const postgres = {
  client: 'pg' as const,
  connection: {
    connectionString: env.get('DATABASE_URL'),
    // node-postgres options: fail fast when the server is away, bound every statement
    ...{ connectionTimeoutMillis: 3000, statement_timeout: 15000 },
    // The hot statements run prepared (app/services/prepared_statements.ts). PostgreSQL
    // would go on planning them on every execution when its generic plan looks no
    // cheaper than a custom one (their subqueries make it so), and planning cost more
    // than running them. Every query here is scoped to one reader through an index on
    // user_id, so a plan that ignores the parameter values is as good as a custom one.
    // (`options` is node-postgres's startup parameter; Lucid's type names another driver's.)
    // A wait for a lock gives up after 5 s (a reader's action behind their own long
    // import is told to try again, not left to time out).
    ...({ options: '-c plan_cache_mode=force_generic_plan -c lock_timeout=5s' } as object),
  },
  pool: {
    min: 0,
    max: env.get('DATABASE_POOL_MAX') ?? 10,
    acquireTimeoutMillis: 4000,
    createTimeoutMillis: 3000,
    idleTimeoutMillis: 30000,
    propagateCreateError: true,
  },
  migrations: { naturalSort: true, paths: ['database/migrations'] },
  schemaGeneration: { enabled: false },
  debug: false,
  // Knex's own warnings (a connection that could not be made, with its stack) come once
  // per kind a minute: an outage is a few lines, not one per request.
  ...({ log: knexLog } as object),
  // A failed statement's error names the statement, never its values (see describeError).
  ...({ compileSqlOnError: false } as object),
}

const dbConfig = defineConfig({
  connection: 'postgres',
  connections: {
    postgres,
    // Migrations run on one connection: Lucid takes its advisory lock and lets it go on
    // whichever pooled connection is free, and let go on another than it was taken on, a
    // finished run fails ("unable to release database lock").
    migrations: { ...postgres, pool: { ...postgres.pool, max: 1 } },
  },
  prettyPrintDebugQueries: app.inDev,
})

export default dbConfig
