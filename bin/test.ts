/*
 * Test runner entry point: a throwaway embedded PostgreSQL (unless DATABASE_URL is
 * set), migrations, then the Japa suites.
 */
import 'reflect-metadata'
import { Ignitor, prettyPrintError } from '@adonisjs/core'
import { configure, processCLIArgs, run } from '@japa/runner'
import { prepareRuntime } from './runtime.ts'

const APP_ROOT = new URL('../', import.meta.url)
const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

process.env.NODE_ENV = 'test'
const runtime = await prepareRuntime('test')

try {
  await new Ignitor(APP_ROOT, { importer: IMPORTER })
    .tap((app) => {
      app.booting(async () => {
        await import('#start/env')
      })
      app.listen('SIGTERM', () => app.terminate())
      app.listenIf(app.managedByPm2, 'SIGINT', () => app.terminate())
    })
    .testRunner()
    .configure(async (app) => {
      const { runnerHooks, ...config } = await import('../tests/bootstrap.ts')
      processCLIArgs(process.argv.splice(2))
      configure({
        ...app.rcFile.tests,
        ...config,
        setup: runnerHooks.setup,
        teardown: [...runnerHooks.teardown, () => runtime.stop()],
      })
    })
    .run(() => run())
} catch (error) {
  process.exitCode = 1
  prettyPrintError(error)
  await runtime.stop()
}
