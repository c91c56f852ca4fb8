import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The Node flags and environment `npm start` gives the server, read from package.json's
 * start script with the defaults of its `${NAME:-default}` parts: the benchmark and the
 * tests start the server exactly as production does.
 */
export function startCommand(root: string) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const start: string = pkg.scripts.start
  const withDefaults = (text: string) => text.replace(/\$\{\w+:-([^}]*)\}/g, '$1')
  const nodeFlags = (start.match(/(?<=\snode\s.*)--[\w-]+(=\S+)?/g) ?? []).map(withDefaults)
  const env = Object.fromEntries(
    [...start.matchAll(/\b(MALLOC_\w+)=\$\{\w+:-(\w+)\}/g)].map(([, name, value]) => [name, value])
  )
  return { nodeFlags, env }
}
