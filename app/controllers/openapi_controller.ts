import type { HttpContext } from '@adonisjs/core/http'
import { openApiDocument } from '#http/openapi/document'

/** The OpenAPI 3.1 description of the JSON API (public, like /health). */
export default class OpenApiController {
  async show({ response }: HttpContext) {
    response.header('cache-control', 'public, max-age=300')
    return openApiDocument()
  }
}
