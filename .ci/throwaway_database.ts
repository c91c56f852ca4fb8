/*
 * A throwaway embedded PostgreSQL for the deploy check of .ci/run: prints its URL on
 * the first line of stdout, runs until SIGINT or SIGTERM, then stops and deletes it.
 * Run from a checkout with its development packages: node .ci/throwaway_database.ts
 */
import { dataDirectory, startEmbeddedPostgres } from '../database/embedded_postgres.ts'

const root = new URL('../', import.meta.url).pathname
const database = await startEmbeddedPostgres({
  dataDir: dataDirectory(root, `deploy-${process.pid}`),
  persistent: false,
})
process.stdout.write(`${database.url}\n`)
const stop = () => database.stop().then(() => process.exit(0))
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
setInterval(() => {}, 60_000)
