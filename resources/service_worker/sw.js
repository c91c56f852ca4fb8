// Comic Pile's service worker: the app's static files from a cache of this version, and an
// offline page when the network is gone. It never stores a page a reader is signed in to,
// nor an API answer: those always go to the network.
'use strict'

const VERSION = '__VERSION__'
const CACHE = `comic-pile-static-${VERSION}`
const OFFLINE = '/offline'
const ASSETS = __ASSETS__

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([OFFLINE, ...ASSETS]))
      .then(() => self.skipWaiting())
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith('comic-pile-') && key !== CACHE)
            .map((key) => caches.delete(key))
        )
      )
      .then(() => self.clients.claim())
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  if (request.mode === 'navigate') {
    // Pages: always the network; only when it fails, the offline page.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)))
    return
  }
  if (ASSETS.includes(url.pathname + url.search)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)))
  }
})
