import { test } from '@japa/runner'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'

/** Every file under `folder` (relative to the app root) whose name ends with `extension`. */
function filesUnder(folder: string, extension: string): string[] {
  const root = app.makePath(folder)
  const found: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith(extension)) found.push(path)
    }
  }
  walk(root)
  return found
}

/** The files (and their offending lines) where `pattern` matches. */
function offenders(files: string[], pattern: RegExp) {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => pattern.test(line))
      .map((line) => `${relative(app.makePath(), file)}: ${line.trim()}`)
  )
}

test.group('House rules', () => {
  test('every form of the pages is written with @form (route name, method, CSRF field)', ({
    assert,
  }) => {
    assert.deepEqual(offenders(filesUnder('resources/views', '.edge'), /<form\b/), [])
  })

  test('links and redirects name their routes: no path written by hand', ({ assert }) => {
    const templates = filesUnder('resources/views', '.edge')
    // Files of public/ are not routes: they are linked by their path.
    const staticFile =
      /(href|action|formaction)="\/(?!favicon|app\.|manifest\.webmanifest|icons\/|samples\/)/
    assert.deepEqual(offenders(templates, staticFile), [])
    const code = [...filesUnder('app', '.ts'), ...filesUnder('start', '.ts')]
    assert.deepEqual(offenders(code, /toPath\(\s*['"`]\//), [])
  })

  test('controllers reach the database only through the domain, and no other controller', ({
    assert,
  }) => {
    const controllers = filesUnder('app/controllers', '.ts')
    assert.deepEqual(offenders(controllers, /from '@adonisjs\/lucid\/services\/db'/), [])
    assert.deepEqual(offenders(controllers, /from '#controllers\//), [])
  })

  test('specs name their routes: no literal path', ({ assert }) => {
    // A literal that begins with the first segment of a route's path is a path written by
    // hand: route(name, params, qs) of #tests/support/accounts builds it from the name. The
    // admin and debug routes exist only under their flags, so they have no generated name.
    router.commit() // the routes as the server holds them (a second commit does nothing)
    const segments = Object.values(router.toJSON())
      .flat()
      .map((route) => route.pattern.split('/')[1])
      .filter((segment) => segment && segment !== 'debug')
    assert.includeMembers(segments, ['api', 'queue', 'roll', 'rate', 'account', 'login'])
    const escaped = [...new Set(segments)].map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    const handWritten = new RegExp(
      `['"\`]/(?!api/admin/)(${escaped.join('|')})(?=[/?'"\`]|\\$\\{)` +
        // the root, where it is asked for or expected (not where a string is split)
        `|(\\.(get|post|goto)|visit|fetch)\\(\\s*['"\`]/['"\`?]|(location|pathname),\\s*['"\`]/['"\`]`
    )
    const slash = '/'
    for (const written of [
      `'${slash}api/threads'`,
      `\`${slash}threads/\${id}\``,
      `pages.get('${slash}')`,
    ])
      assert.match(written, handWritten)
    assert.notMatch(`'${slash}app.css'`, handWritten)

    const allowed: Array<[RegExp, RegExp]> = [
      // Its requests stand next to the document's path templates they are checked against.
      [/tests\/functional\/openapi\.spec\.ts$/, /./],
      // Paths that are deliberately no route: an unknown API path; mistyped reset links
      // and the paths the log writes with their tokens redacted.
      [/tests\/functional\/health\.spec\.ts$/, /'\/api\/nope'/],
      [/tests\/functional\/account_ownership\.spec\.ts$/, /\$\{reset\}\.`|reset%2F|\[redacted\]/],
    ]
    const files = [...filesUnder('tests', '.spec.ts'), ...filesUnder('tests/support', '.ts')]
    const found = files.flatMap((file) =>
      offenders([file], handWritten).filter((line) =>
        allowed.every(([where, what]) => !(where.test(file) && what.test(line)))
      )
    )
    assert.deepEqual(found, [])
  })

  test('the domain knows no HTTP status and no environment', ({ assert }) => {
    const domain = filesUnder('app/domain', '.ts')
    assert.deepEqual(offenders(domain, /#exceptions\/|#start\/env|@adonisjs\/core\/http/), [])
  })
})

test.group('House rules: one place per rule', () => {
  test("a thread's state is tested only by the thread-state module", ({ assert }) => {
    // A test of `status` or of `sort_key`'s presence, in TypeScript or in SQL. The earlier
    // app's database (legacy_source.ts) has a `status` of its own, read as its source.
    const stateTest =
      /\.?status\s*[!=]==?\s*'(active|completed)'|'(active|completed)'\s*[!=]==?\s*[\w.]*status|status\s*=\s*'(active|completed)'|sort_key\s+IS\s+(NOT\s+)?NULL|where(Not)?Null\(\s*['"](\w+\.)?sort_key|sortKey\s*[!=]==?\s*null|null\s*[!=]==?\s*[\w.]*sortKey|where\(\s*['"](threads\.)?status/i
    const files = [...filesUnder('app', '.ts'), ...filesUnder('commands', '.ts')].filter(
      (file) =>
        !/app\/domain\/thread_state\.ts$|app\/domain\/imports\/legacy_source\.ts$/.test(file)
    )
    assert.deepEqual(offenders(files, stateTest), [])
  })

  test('a refused form is never flashed into the session: no inputErrorsBag, no typed values', ({
    assert,
  }) => {
    const code = [...filesUnder('app', '.ts'), ...filesUnder('resources/views', '.edge')]
    assert.deepEqual(offenders(code, /inputErrorsBag|keepTypedValues|@inputError/), [])
    assert.deepEqual(
      offenders(filesUnder('app', '.ts'), /session\.flash\(\s*(typed|body|request\.)/),
      []
    )
  })
})
