import { serverErrorStats } from '#services/error_stats'

/** Debug routes (registered only with ENABLE_DEBUG_ROUTES, admins only). */
export default class DebugController {
  async errors() {
    return serverErrorStats()
  }

  async trigger() {
    throw new Error('Deliberate failure from /debug/trigger-500')
  }
}
