import type { HttpContext } from '@adonisjs/core/http'
import { listTokens, revokeToken } from '#services/access_token_service'
import { signOutEverywhere } from '#services/account_service'
import { AppError } from '#exceptions/app_error'
import { signOutBrowser } from '#services/token_cookie'

/** Signed-in devices of the account page: revoke one, or all. */
export default class AccountTokensController {
  async destroy({ auth, params, response, session }: HttpContext) {
    const id = Number(params.id)
    const user = auth.getUserOrFail()
    if (!Number.isSafeInteger(id) || !(await revokeToken(user.id, { id }, 'signed_out_elsewhere')))
      throw AppError.notFound()
    session.flash('success', 'That device is signed out.')
    return response.redirect().toRoute('account.show')
  }

  /** The confirmation page of "Sign out everywhere" (a dialog on the account page with the script). */
  async confirmDestroyAll({ auth, view }: HttpContext) {
    const tokens = await listTokens(auth.getUserOrFail().id)
    return view.render('pages/account/sign_out_everywhere', { count: tokens.length })
  }

  async destroyAll(ctx: HttpContext) {
    const { auth, response, session } = ctx
    await signOutEverywhere(auth.getUserOrFail().id)
    signOutBrowser(ctx)
    session.flash('success', 'Signed out everywhere.')
    return response.redirect().toRoute('session.create')
  }
}
