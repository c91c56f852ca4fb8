import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import app from '@adonisjs/core/services/app'

/** Cache-busting version of the static assets, from their content. */
export const assetVersion = createHash('sha256')
  .update(readFileSync(app.publicPath('app.css')))
  .update(readFileSync(app.publicPath('app.js')))
  .digest('hex')
  .slice(0, 10)

/** The static files an installed app keeps for offline use, as the pages link them. */
export const OFFLINE_ASSETS = [
  `/app.css?v=${assetVersion}`,
  `/app.js?v=${assetVersion}`,
  `/favicon.svg?v=${assetVersion}`,
  '/manifest.webmanifest',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/apple-touch-icon.png',
]

let serviceWorker: string | null = null

/** The service worker's script, with this version's assets (read once). */
export function serviceWorkerScript() {
  serviceWorker ??= readFileSync(app.makePath('resources/service_worker/sw.js'), 'utf8')
    .replace('__VERSION__', assetVersion)
    .replace('__ASSETS__', JSON.stringify(OFFLINE_ASSETS))
  return serviceWorker
}
