import type { HttpContext } from '@adonisjs/core/http'
import {
  EMAIL_REVERT_DAYS,
  cancelEmailChange,
  confirmEmailChange,
  requestEmailChange,
  undoEmailChange,
} from '#services/account_recovery'
import { emailChangeValidator, emailConfirmValidator } from '#validators/account'
import { clearTokenCookie } from '#services/token_cookie'
import { requireMail } from '#services/mail'
import { guardTokenPage } from '#http/mailed_link_pages'

/**
 * A new email for the account: asked on the account page (where a pending one can be
 * cancelled), confirmed by a mailed link, and undone from the old address ("this was
 * not me") for a week.
 */
export default class EmailChangeController {
  async store(ctx: HttpContext) {
    const { auth, request, response, session } = ctx
    requireMail('Email change')
    const data = await request.validateUsing(emailChangeValidator, { data: request.body() })
    const { user, pendingEmail } = await requestEmailChange(
      auth.getUserOrFail(),
      data.email,
      data.current_password,
      { ip: request.ip(), jti: auth.use('jwt').jti }
    )
    session.flash(
      'success',
      `A link to confirm ${pendingEmail} is on its way there. Your email stays ${user.email} until it is followed.`
    )
    return response.redirect().toRoute('account.show')
  }

  /** The link's page: one button confirms (a link followed by a mail scanner changes nothing). */
  async show({ params, request, response, view }: HttpContext) {
    guardTokenPage(response)
    return view.render('pages/auth/email_confirm', {
      token: String(params.token ?? request.input('token') ?? ''),
    })
  }

  async confirm(ctx: HttpContext) {
    const { auth, request, response, session } = ctx
    const { token } = await request.validateUsing(emailConfirmValidator, {
      data: request.body(),
    })
    const user = await confirmEmailChange(token)
    session.flash('success', `Your account’s email is now ${user.email}.`)
    const signedIn = await auth.check()
    return response.redirect().toRoute(signedIn ? 'account.show' : 'session.create')
  }

  async cancel({ auth, response, session }: HttpContext) {
    const cancelled = await cancelEmailChange(auth.getUserOrFail().id)
    session.flash(
      'success',
      cancelled
        ? 'The email change is cancelled: its link no longer works.'
        : 'No email change was waiting.'
    )
    return response.redirect().toRoute('account.show')
  }

  /** The old address's link: what undoing does, and one button (a scanner's visit changes nothing). */
  async showRevert({ params, request, response, view }: HttpContext) {
    guardTokenPage(response)
    return view.render('pages/auth/email_revert', {
      token: String(params.token ?? request.input('token') ?? ''),
      days: EMAIL_REVERT_DAYS,
    })
  }

  /** Undoes the change, then asks for a new password at once (the old one no longer works). */
  async revert(ctx: HttpContext) {
    const { request, response, view } = ctx
    guardTokenPage(response)
    const { token } = await request.validateUsing(emailConfirmValidator, {
      data: request.body(),
    })
    const { user, resetToken } = await undoEmailChange(token)
    // Signed out here too; the session (and the CSRF secret of the form below) is
    // renewed when the new password signs the browser in.
    clearTokenCookie(response)
    return view.render('pages/auth/reset', {
      token: resetToken,
      notice: `Your account’s email is ${user.email} again, and every device is signed out. Choose a new password to finish: the old one no longer works.`,
    })
  }
}
