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
      // The mail queue's worker runs here unless a `queue:work` process of its own does.
      app.ready(async () => {
        const { mailAvailable } = await import('#services/mail')
        const { default: env } = await import('#start/env')
        if (!mailAvailable() || env.get('MAIL_WORKER') === 'separate') return
        const { startMailWorker } = await import('#services/mail_worker')
        await startMailWorker()
      })
      app.terminating(async () => {
        const { stopMailQueue } = await import('#services/mail_queue')
        await stopMailQueue()
        await runtime.stop()
      })
      app.listen('SIGTERM', () => app.terminate())
      app.listenIf(app.managedByPm2, 'SIGINT', () => app.terminate())
    })
    .httpServer()
    .start()
} catch (error) {
  process.exitCode = 1
  prettyPrintError(error)
}
