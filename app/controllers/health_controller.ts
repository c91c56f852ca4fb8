import type { HttpContext } from '@adonisjs/core/http'
import { databaseReachable } from '#services/database_health'

export default class HealthController {
  async show({ response }: HttpContext) {
    response.header('cache-control', 'no-store')
    if (await databaseReachable()) return { status: 'ok', database: 'ok' }
    return response.serviceUnavailable({ status: 'unavailable', database: 'unreachable' })
  }
}
