import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import { browserClient } from '@japa/browser-client'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import testUtils from '@adonisjs/core/services/test_utils'
import ace from '@adonisjs/core/services/ace'
import { chromium } from 'playwright'

export const BASE_URL = `http://${process.env.HOST}:${process.env.PORT}`

/** Debian's chromium: Playwright cannot download its own browsers here. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

export const plugins: Config['plugins'] = [
  assert(),
  apiClient({ baseURL: BASE_URL }),
  browserClient({
    runInSuites: ['browser'],
    contextOptions: { baseURL: BASE_URL },
    launcher: (options) =>
      chromium.launch({ ...options, executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }),
  }),
  pluginAdonisJS(app),
]

/**
 * Runs a migration command on the run's own throwaway database, without Lucid's advisory
 * lock: nothing else migrates that database, and the lock is taken and let go on whichever
 * pooled connection is free (let go on another, the run fails after migrating).
 */
async function migrations(command: 'migration:run' | 'migration:reset') {
  const done = await ace.exec(command, [
    '--compact-output',
    '--no-schema-generate',
    '--disable-locks',
  ])
  if (done.exitCode) throw done.error ?? new Error(`${command} failed`)
}

/**
 * Migrations once for the run (on a throwaway database), and the mail queue's worker as
 * a server runs it; HTTP server for HTTP suites.
 */
export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [
    async () => {
      await migrations('migration:run')
      return () => migrations('migration:reset')
    },
    async () => {
      const { startMailWorker } = await import('#services/mail_worker')
      const { stopMailQueue } = await import('#services/mail_queue')
      await startMailWorker()
      return () => stopMailQueue()
    },
  ],
  teardown: [],
}

export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['browser', 'functional'].includes(suite.name)) {
    return suite.setup(() => testUtils.httpServer().start())
  }
}
