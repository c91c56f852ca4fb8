import type { HttpContext } from '@adonisjs/core/http'
import { settingsValidator } from '#validators/account'
import { updateSettings } from '#services/account_service'

/** The reader's session settings (gap and start die). */
export default class SettingsController {
  async update({ auth, request, response, session }: HttpContext) {
    const data = await request.validateUsing(settingsValidator, { data: request.body() })
    await updateSettings(auth.getUserOrFail(), {
      sessionGapHours: data.session_gap_hours,
      startDie: data.start_die,
    })
    session.flash('success', 'Settings saved. They apply from your next session.')
    return response.redirect().toPath('/account')
  }
}
