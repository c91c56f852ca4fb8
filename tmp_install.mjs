import { chromium } from 'playwright'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
const ctx = await browser.newContext()
const page = await ctx.newPage()
for (const path of ['/health', '/login']) {
  await page.goto('http://localhost:3333' + path)
  const cdp = await ctx.newCDPSession(page)
  console.log(path, JSON.stringify((await cdp.send('Page.getInstallabilityErrors')).installabilityErrors.map((e) => e.errorId)))
}
await browser.close()
