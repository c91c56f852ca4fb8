import type { HttpContext } from '@adonisjs/core/http'
import { listTokens } from '#services/access_token_service'
import { sessionSettings } from '#domain/reading_sessions'
import { DICE } from '#domain/ladder'

/** The account page: devices signed in, password, settings. */
export default class AccountController {
  async show({ auth, view }: HttpContext) {
    const user = auth.getUserOrFail()
    const tokens = await listTokens(user.id)
    return view.render('pages/account/show', {
      tokens,
      currentJti: auth.use('jwt').jti,
      settings: sessionSettings(user),
      dice: DICE,
    })
  }
}
