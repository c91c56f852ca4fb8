import type { HttpContext } from '@adonisjs/core/http'
import { settingsValidator } from '#validators/account'
import { updateSettings } from '#services/account_service'
import { withForm } from '#http/forms'
import { renderAccountPage } from '#http/page_views'

/** The reader's session settings (gap and start die). */
export default class SettingsController {
  async update(ctx: HttpContext) {
    const { auth, request, response, session } = ctx
    return withForm(
      ctx,
      'settings',
      () => renderAccountPage(ctx),
      async () => {
        const data = await request.validateUsing(settingsValidator, { data: request.body() })
        await updateSettings(auth.getUserOrFail(), {
          sessionGapHours: data.session_gap_hours,
          startDie: data.start_die,
        })
        session.flash('success', 'Settings saved. They apply from your next session.')
        return response.redirect().toRoute('account.show')
      }
    )
  }
}
