import type { HttpContext } from '@adonisjs/core/http'
import { askPasswordReset, resetPassword, RESET_MINUTES } from '#services/account_recovery'
import { passwordResetRequestValidator, passwordResetValidator } from '#validators/account'
import { mailAvailable, mailUnavailableMessage } from '#services/mail'
import { throttles } from '#services/throttles'
import { signInBrowser } from '#services/token_cookie'
import { guardTokenPage } from '#http/mailed_link_pages'

/** "Forgot password?": a link by mail, then a new password on the link's page. */
export default class PasswordResetController {
  /** The ask, or (on a server without mail) why it is not offered, with a 503. */
  async create({ view, response }: HttpContext) {
    if (!mailAvailable()) response.status(503)
    return view.render('pages/auth/forgot', {
      unavailable: mailAvailable() ? null : mailUnavailableMessage('Password reset'),
      minutes: RESET_MINUTES,
    })
  }

  async store(ctx: HttpContext) {
    const { request, response, session } = ctx
    if (!mailAvailable()) return this.create(ctx)
    await throttles.passwordResetRequest(request.ip()).consume()
    const { email } = await request.validateUsing(passwordResetRequestValidator, {
      data: request.body(),
    })
    await askPasswordReset(email)
    session.flash(
      'success',
      `If an account uses ${email}, a link to choose a new password is on its way. It works once, for ${RESET_MINUTES} minutes; look in the spam folder too.`
    )
    return response.redirect().toRoute('session.create')
  }

  /** The link's page: a new password (the link is checked when it is used). */
  async edit({ params, request, response, view }: HttpContext) {
    guardTokenPage(response)
    return view.render('pages/auth/reset', {
      token: String(params.token ?? request.input('token') ?? ''),
    })
  }

  async update(ctx: HttpContext) {
    const { request, response, session } = ctx
    const { token, password } = await request.validateUsing(passwordResetValidator, {
      data: request.body(),
    })
    const signedIn = await resetPassword(token, password, request.header('user-agent'))
    signInBrowser(ctx, signedIn.issued)
    session.flash('success', 'Your password is changed, and every other device is signed out.')
    return response.redirect().toRoute('roll.show')
  }
}
