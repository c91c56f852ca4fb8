import type { HttpContext } from '@adonisjs/core/http'
import { readerSettings, updateReaderSettings } from '#domain/reader_settings'
import { settingsPatchValidator, toReaderSettings } from '#validators/account'
import { settingsJson } from '#http/api_json'

/** The reader's settings over the API. */
export default class SettingsController {
  async show({ auth }: HttpContext) {
    return settingsJson(readerSettings(auth.getUserOrFail()))
  }

  async update({ auth, request }: HttpContext) {
    const data = await request.validateUsing(settingsPatchValidator, { data: request.body() })
    return settingsJson(await updateReaderSettings(auth.getUserOrFail(), toReaderSettings(data)))
  }
}
