import type { HttpContext } from '@adonisjs/core/http'
import { listTags } from '#domain/tags'

/** The reader's tags, as the threads carry them. */
export default class TagsController {
  async index({ auth }: HttpContext) {
    return { data: await listTags(auth.getUserOrFail().id) }
  }
}
