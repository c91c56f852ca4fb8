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
/*
 * The in-process test server registers the internal ops and debug routes so the
 * suite can check that they still demand an admin; a production-mode child server
 * in the suite checks that they do not exist by default.
 */
process.env.ENABLE_INTERNAL_OPS_ROUTES ??= 'true'
process.env.ENABLE_DEBUG_ROUTES ??= 'true'
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
