/*
 * Globals shared by every template.
 */
import edge from 'edge.js'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import app from '@adonisjs/core/services/app'

/** Cache-busting version of the static assets, from their content. */
const assetVersion = createHash('sha256')
  .update(readFileSync(app.publicPath('app.css')))
  .update(readFileSync(app.publicPath('app.js')))
  .digest('hex')
  .slice(0, 10)

edge.global('assetVersion', assetVersion)

/*
 * Templates are indented for their readers, not for browsers: the indentation is
 * dropped from their source when they compile, so a page carries none of it (a fifth
 * of a hundred-thread queue page). No template has text whose leading spaces matter
 * (no <pre>; the notes <textarea> prints its value on the tag's own line).
 */
edge.processor.process('raw', ({ raw }) => raw.replace(/^[ \t]+/gm, ''))

/*
 * Production compiles each template once, but Edge's component-tag plugin still
 * lists the components directory from disk on every render (its refresh is set up
 * before the cache is configured). The list cannot change in production, so it is
 * read once.
 */
if (app.inProduction) {
  const components = edge.loader.listComponents()
  edge.loader.listComponents = () => components
}
