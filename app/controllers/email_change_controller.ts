import type { HttpContext } from '@adonisjs/core/http'
import { confirmEmailChange, requestEmailChange } from '#services/account_recovery'
import { emailChangeValidator, emailConfirmValidator } from '#validators/account'
import { AppError } from '#exceptions/app_error'
import { mailAvailable, mailUnavailableMessage } from '#services/mail'
import { withForm } from '#http/forms'
import { renderAccountPage } from '#http/page_views'

/** A new email for the account: asked on the account page, confirmed by a mailed link. */
export default class EmailChangeController {
  async store(ctx: HttpContext) {
    const { auth, request, response, session } = ctx
    return withForm(
      ctx,
      'email',
      () => renderAccountPage(ctx),
      async () => {
        if (!mailAvailable()) throw AppError.unavailable(mailUnavailableMessage('Email change'))
        const data = await request.validateUsing(emailChangeValidator, { data: request.body() })
        const { user, pendingEmail } = await requestEmailChange(
          auth.getUserOrFail(),
          data.email,
          data.current_password
        )
        session.flash(
          'success',
          `A link to confirm ${pendingEmail} is on its way there. Your email stays ${user.email} until it is followed.`
        )
        return response.redirect().toRoute('account.show')
      }
    )
  }

  /** The link's page: one button confirms (a link followed by a mail scanner changes nothing). */
  async show({ params, request, view }: HttpContext) {
    return view.render('pages/auth/email_confirm', {
      token: String(params.token ?? request.input('token') ?? ''),
    })
  }

  async confirm(ctx: HttpContext) {
    const { auth, request, response, session } = ctx
    return withForm(
      ctx,
      'email-confirm',
      () => this.show(ctx),
      async () => {
        const { token } = await request.validateUsing(emailConfirmValidator, {
          data: request.body(),
        })
        const user = await confirmEmailChange(token)
        session.flash('success', `Your account’s email is now ${user.email}.`)
        const signedIn = await auth.check()
        return response.redirect().toRoute(signedIn ? 'account.show' : 'session.create')
      }
    )
  }
}
