import { chromium } from 'playwright'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
const page = await browser.newPage()
// scale: fraction of the square the die takes; bg: fill the square (maskable, apple) or round tile
const svg = (scale, tile) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100%" height="100%">
  ${tile === 'full' ? '<rect width="100" height="100" fill="#1b1612"/>' : '<rect x="2" y="2" width="96" height="96" rx="22" fill="#1b1612"/>'}
  <g transform="translate(50 50) scale(${scale / 28}) translate(-16 -16)">
    <path fill="#f2b33d" d="M16 2 29 9.5v13L16 30 3 22.5v-13z"/><circle cx="16" cy="16" r="2.6" fill="#1b1612"/>
  </g></svg>`
for (const [name, size, scale, tile] of [
  ['icon-192.png', 192, 64, 'round'],
  ['icon-512.png', 512, 64, 'round'],
  ['icon-maskable-512.png', 512, 50, 'full'],
  ['apple-touch-icon.png', 180, 60, 'full'],
]) {
  await page.setViewportSize({ width: size, height: size })
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg(scale, tile)}</body></html>`)
  await page.screenshot({ path: `public/icons/${name}`, omitBackground: true })
}
await browser.close()
