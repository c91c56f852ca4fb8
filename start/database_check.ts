/**
 * Database readiness at server start: development on the embedded server applies
 * pending migrations; production only checks connectivity and never migrates.
 */
import type { ApplicationService } from '@adonisjs/core/types'
import db from '@adonisjs/lucid/services/db'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import logger from '@adonisjs/core/services/logger'
import { databaseReachable } from '#services/database_health'
import { stopStartup } from '#start/env'

export async function prepareDatabase(app: ApplicationService, options: { migrate: boolean }) {
  if (options.migrate) {
    const runner = new MigrationRunner(db, app, {
      direction: 'up',
      dryRun: false,
      connectionName: 'migrations',
    })
    await runner.run()
    await db.manager.close('migrations')
    if (runner.error) throw runner.error
    const applied = Object.keys(runner.migratedFiles).length
    if (applied) logger.info(`applied ${applied} migration(s)`)
  }
  if (await databaseReachable(5000)) return
  if (app.inProduction) {
    stopStartup(
      'the database at DATABASE_URL does not answer; check the URL and that PostgreSQL is running.'
    )
  }
  logger.warn('the database does not answer yet; /health reports it until it does')
}
