import type { HttpContext } from '@adonisjs/core/http'
import { deleteAccount } from '#services/account_recovery'
import { deleteAccountValidator } from '#validators/account'
import { signOutBrowser } from '#services/token_cookie'
import { pileCounts } from '#domain/threads'

/** Deleting the account: a page that says what goes (with the exports first), then the password. */
export default class AccountDeletionController {
  async show({ auth, view }: HttpContext) {
    const pile = await pileCounts(auth.getUserOrFail().id)
    return view.render('pages/account/delete', { pile })
  }

  async destroy(ctx: HttpContext) {
    const { auth, request, response, session } = ctx
    const { password } = await request.validateUsing(deleteAccountValidator, {
      data: request.body(),
    })
    await deleteAccount(auth.getUserOrFail(), password, auth.use('jwt').jti)
    signOutBrowser(ctx)
    session.flash(
      'success',
      'Your account and everything in it are deleted. Thank you for reading with us.'
    )
    return response.redirect().toRoute('session.create')
  }
}
