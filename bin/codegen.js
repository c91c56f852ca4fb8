/*
 * The generated files under .adonisjs/ (route names and their types, the controllers'
 * barrel that start/routes.ts reads) come from `ace codegen`, which needs the
 * development packages. `npm install` runs this (postinstall), and so does `npm test`
 * before its suites, so a fresh clone and a newly added controller are always covered.
 * An install without the development packages (a production install) has nothing to
 * generate with and keeps what `npm run build` compiled.
 */
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

export function codegen() {
  try {
    createRequire(import.meta.url).resolve('@adonisjs/assembler')
  } catch {
    return 0
  }
  const result = spawnSync(process.execPath, ['ace.js', 'codegen'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (result.status !== 0) console.error('ace codegen failed: the generated files are missing.')
  return result.status ?? 1
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(codegen())
