/*
 * HTTP server entry point. `npm run dev` runs it through the watcher; `npm start`
 * runs its compiled copy in build/.
 */
import 'reflect-metadata'
import { Ignitor, prettyPrintError } from '@adonisjs/core'
import { prepareRuntime } from './runtime.ts'

const APP_ROOT = new URL('../', import.meta.url)
const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

const compiled = import.meta.url.endsWith('.js')
try {
  const runtime = await prepareRuntime(compiled ? 'production' : 'development')
  await new Ignitor(APP_ROOT, { importer: IMPORTER })
    .tap((app) => {
      app.booting(async () => {
        const { requireProductionSettings } = await import('#start/env')
        requireProductionSettings({ serving: true })
      })
      // Before the server listens: no request may arrive ahead of the migrations.
      app.starting(async () => {
        const { prepareDatabase } = await import('#start/database_check')
        await prepareDatabase(app, { migrate: runtime.embedded && runtime.mode === 'development' })
      })
      app.terminating(() => runtime.stop())
      app.listen('SIGTERM', () => app.terminate())
      app.listenIf(app.managedByPm2, 'SIGINT', () => app.terminate())
    })
    .httpServer()
    .start()
} catch (error) {
  process.exitCode = 1
  prettyPrintError(error)
}
