import type { HttpContext } from '@adonisjs/core/http'
import { settingsValidator, toReaderSettings } from '#validators/account'
import { updateReaderSettings } from '#domain/reader_settings'

/** The reader's settings on the account page (session gap, start die, low ratings). */
export default class SettingsController {
  async update(ctx: HttpContext) {
    const { auth, request, response, session } = ctx
    const data = await request.validateUsing(settingsValidator, { data: request.body() })
    await updateReaderSettings(auth.getUserOrFail(), toReaderSettings(data))
    session.flash(
      'success',
      'Settings saved. Times are shown in your time zone now; the gap and start die apply from your next session.'
    )
    return response.redirect().toRoute('account.show')
  }
}
