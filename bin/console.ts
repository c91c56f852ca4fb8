/*
 * Ace command line entry point (`node ace …`, through npm scripts or npx so that
 * Node.js 24 from node_modules runs it).
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

/** Commands that never touch the database do not start the embedded server. */
const WITHOUT_DATABASE =
  /^(build|list|help|test|configure|add|codegen|eject|generate:key|inspect:rcfile|env:add|make:.*)$/
const command = process.argv[2] ?? 'list'

const compiled = import.meta.url.endsWith('.js')
let runtime: Awaited<ReturnType<typeof prepareRuntime>> | undefined
try {
  const database = !WITHOUT_DATABASE.test(command) && !command.startsWith('-')
  runtime = await prepareRuntime(compiled ? 'production' : 'development', {
    database,
    ephemeralSecrets: true,
  })
  await new Ignitor(APP_ROOT, { importer: IMPORTER })
    .tap((app) => {
      app.booting(async () => {
        const { requireProductionSettings } = await import('#start/env')
        if (database) requireProductionSettings({ serving: false })
      })
      app.terminating(() => runtime?.stop())
      app.listen('SIGTERM', () => app.terminate())
      app.listenIf(app.managedByPm2, 'SIGINT', () => app.terminate())
    })
    .ace()
    .handle(process.argv.splice(2))
} catch (error) {
  process.exitCode = 1
  prettyPrintError(error)
  await runtime?.stop()
}
