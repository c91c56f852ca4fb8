/// <reference lib="dom" />
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Page } from 'playwright'

const require = createRequire(import.meta.url)
let source: Promise<string> | undefined

/** Serious and critical axe-core violations of the page as it is now. */
export async function seriousViolations(page: Page) {
  source ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8')
  await page.evaluate(await source)
  const violations = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n: any) => n.target.join(' ')).slice(0, 3),
    }))
  })
  return violations.filter(
    (v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical'
  )
}
