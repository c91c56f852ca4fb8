import { chromium } from 'playwright'
const BASE = 'http://localhost:3333'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
const ctx = await browser.newContext({ javaScriptEnabled: false })
const page = await ctx.newPage()
await page.goto(`${BASE}/register`)
await page.fill('input[name=email]', `s${Date.now()}@example.com`)
await page.fill('input[name=password]', 'a long passphrase')
await page.click('button[type=submit]')
await page.goto(`${BASE}/queue`)
for (let k = 0; k < 2; k++) {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)))
  await page.fill('#list-titles', Array.from({ length: 100 }, (_, i) => `Thread ${k * 100 + i + 1}`).join('\n'))
  await page.fill('#list-issues', '100000')
  await page.fill('#list-format', 'Trade')
  await page.click('text=Add them all')
  await page.goto(`${BASE}/queue`)
}
const res = await ctx.request.get(`${BASE}/queue`)
const html = await res.text()
console.log('bytes', Buffer.byteLength(html))
const i = html.indexOf('<li class="qr')
console.log(html.slice(i, i + 1400))

await import('node:fs').then((fs) => fs.writeFileSync('/tmp/queue.html', html))
await browser.close()
