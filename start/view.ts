/*
 * Globals shared by every template.
 */
import edge from 'edge.js'
import app from '@adonisjs/core/services/app'
import { DateTime } from 'luxon'
import { count } from '#services/words'
import { assetVersion } from '#http/assets'
import { issueLabel } from '#domain/issue_numbers'
import { filterText } from '#domain/tonight_filter'
import { compactLadder } from '#domain/ladder'

edge.global('assetVersion', assetVersion)

/** `count(3, 'issue')`: "3 issues", "1 issue" (see app/services/words.ts). */
edge.global('count', count)
edge.global('filterText', filterText)

/**
 * `local(time, auth)`: a time in the signed-in reader's time zone (UTC for anyone else),
 * for every date and time a page shows; the API and the exports stay in UTC.
 */
edge.global('local', (time: DateTime, auth?: { user?: { timeZone?: string | null } }) =>
  time.setZone(auth?.user?.timeZone ?? 'UTC')
)

/**
 * `shortDate(time, auth)`: "30 Nov" this year, "30 Nov 2025" before, in the reader's zone;
 * its spaces do not break, so a narrow row never leaves "Nov" alone on a line.
 */
edge.global('shortDate', (time: DateTime, auth?: { user?: { timeZone?: string | null } }) => {
  const zone = auth?.user?.timeZone ?? 'UTC'
  const local = time.setZone(zone)
  const format = local.year === DateTime.now().setZone(zone).year ? 'd LLL' : 'd LLL yyyy'
  return local.toFormat(format).replace(/ /g, '\u00a0')
})

/** `issueLabel('14')`: "#14"; "Annual 1" as it is (see app/domain/issue_numbers.ts). */
edge.global('issueLabel', issueLabel)

/** `compactLadder(path)`: a session's dice with runs folded, the last few (app/domain/ladder.ts). */
edge.global('compactLadder', compactLadder)

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

/*
 * Forms and links of long lists. A route's URL is built by the framework once, with
 * markers for its parameters, and then filled in per row: the URL builder looks the
 * route up and builds each URL from scratch, and a queue page has a hundred rows of
 * forms and links. The values are encoded with encodeURIComponent.
 */
interface RouteTemplate {
  /** Text around the parameters; odd entries are the index of a parameter's value. */
  parts: Array<string | number>
  method: string
}
type RouteParams = Record<string, string | number>
type FormAttributes = (name: string, params?: object) => { action: string; method: string }
const templates = new Map<string, RouteTemplate>()

function routeTemplate(kind: 'url' | 'form', name: string, keys: string[]): RouteTemplate {
  const cacheKey = `${kind} ${name} ${keys.join(' ')}`
  let template = templates.get(cacheKey)
  if (!template) {
    const marked = Object.fromEntries(keys.map((key, index) => [key, `cpmark${index}x`]))
    const built =
      kind === 'url'
        ? {
            action: (edge.globals.urlFor as (n: string, p: object) => string)(name, marked),
            method: 'GET',
          }
        : (edge.globals.formAttributes as FormAttributes)(name, marked)
    const parts = built.action
      .split(/cpmark(\d+)x/)
      .map((part, index) => (index % 2 ? Number(part) : part))
    template = { parts, method: built.method }
    templates.set(cacheKey, template)
  }
  return template
}

function fillTemplate({ parts }: RouteTemplate, values: Array<string | number>) {
  let url = ''
  for (const part of parts) {
    url += typeof part === 'number' ? encodeURIComponent(String(values[part])) : part
  }
  return url
}

/**
 * `urlMaker(name, ...paramNames)`: a function of the parameters' values that makes the
 * route's URL, for a list that links each row (`@let(editUrl = urlMaker('threads.edit',
 * 'id'))`, then `editUrl(thread.id)`).
 */
edge.global('urlMaker', (name: string, ...keys: string[]) => {
  const template = routeTemplate('url', name, keys)
  return (...values: Array<string | number>) => fillTemplate(template, values)
})

/** The text of what Edge's html helpers return (a value marked safe). */
const rawHtml = (value: unknown) =>
  value !== null && typeof value === 'object' && 'value' in value
    ? String((value as { value: unknown }).value)
    : String(value)

/**
 * `@form({ route, params?, qs?, ...attributes })` … `@end`: a form to a named route, with
 * its method (PUT, PATCH and DELETE go as POST with `_method`, see config/app.ts), its
 * CSRF field and the attributes given (class, enctype, novalidate, data-…). A tag
 * compiled into the page rather than a component (a queue page holds a hundred forms).
 */
edge.global(
  'formOpen',
  (
    props: { route: string; params?: RouteParams; qs?: object } & Record<string, unknown>,
    csrfField: () => unknown
  ) => {
    const { route, params = {}, qs, ...attributes } = props
    const escape = (edge.globals.html as { escape(value: string): string }).escape
    let target: { action: string; method: string }
    if (qs) {
      target = (edge.globals.formAttributes as (n: string, p: object, o: object) => typeof target)(
        route,
        params,
        { qs }
      )
    } else {
      const keys = Object.keys(params)
      const template = routeTemplate('form', route, keys)
      target = {
        action: fillTemplate(
          template,
          keys.map((key) => params[key])
        ),
        method: template.method,
      }
    }
    let open = `<form method="${target.method}" action="${escape(target.action)}"`
    for (const [name, value] of Object.entries(attributes)) {
      if (value === true) open += ` ${name}`
      else if (value !== false && value !== null && value !== undefined) {
        open += ` ${name}="${escape(String(value))}"`
      }
    }
    // A search (GET) sends its fields in the URL: no CSRF field among them.
    return target.method === 'GET' ? `${open}>` : `${open}>${rawHtml(csrfField())}`
  }
)

edge.registerTag({
  tagName: 'form',
  block: true,
  seekable: true,
  compile(parser, buffer, token) {
    const call = `formOpen(${token.properties.jsArg}, csrfField)`
    const ast = parser.utils.generateAST(call, token.loc, token.filename)
    const expression = parser.utils.transformAst(ast, token.filename, parser)
    buffer.outputExpression(
      parser.utils.stringify(expression),
      token.filename,
      token.loc.start.line,
      false
    )
    for (const child of token.children) parser.processToken(child, buffer)
    buffer.outputRaw('</form>')
  },
})
