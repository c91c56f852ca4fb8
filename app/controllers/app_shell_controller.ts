import type { HttpContext } from '@adonisjs/core/http'
import { serviceWorkerScript } from '#http/assets'

/** What makes the app installable: its service worker and the page it shows offline. */
export default class AppShellController {
  /** The offline page: the same for everyone, it names nothing of a reader's. */
  async offline({ view, response }: HttpContext) {
    response.header('cache-control', 'no-cache')
    return view.render('pages/offline')
  }

  async serviceWorker({ response }: HttpContext) {
    response.header('content-type', 'text/javascript; charset=utf-8')
    response.header('cache-control', 'no-cache')
    return serviceWorkerScript()
  }
}
