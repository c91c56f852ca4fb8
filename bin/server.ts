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
        await import('#start/env')
      })
      app.ready(async () => {
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
