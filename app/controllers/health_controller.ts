import type { HttpContext } from '@adonisjs/core/http'
import { databaseHealth } from '#services/database_health'

export default class HealthController {
  /** 200 when the database answers; 503 `unreachable` (down) or `busy` (full or slow). */
  async show({ response }: HttpContext) {
    response.header('cache-control', 'no-store')
    const database = await databaseHealth()
    if (database === 'ok') return { status: 'ok', database }
    response.header('retry-after', database === 'busy' ? '2' : '10')
    return response.serviceUnavailable({ status: 'unavailable', database })
  }
}
