import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/lucid'

const dbConfig = defineConfig({
  connection: 'postgres',
  connections: {
    postgres: {
      client: 'pg',
      connection: {
        connectionString: env.get('DATABASE_URL'),
        // node-postgres options: fail fast when the server is away, bound every statement
        ...{ connectionTimeoutMillis: 3000, statement_timeout: 15000 },
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
    },
  },
  prettyPrintDebugQueries: app.inDev,
})

export default dbConfig
