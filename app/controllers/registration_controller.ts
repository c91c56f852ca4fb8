import type { HttpContext } from '@adonisjs/core/http'
import { registerPageValidator } from '#validators/account'
import { attemptRegistration } from '#services/sign_in'
import { signInBrowser } from '#services/token_cookie'

/** Registration page. */
export default class RegistrationController {
  async create({ view }: HttpContext) {
    return view.render('pages/auth/register')
  }

  async store(ctx: HttpContext) {
    const { request, response, session } = ctx
    const data = await request.validateUsing(registerPageValidator, {
      data: request.body(),
    })
    // The browser's zone, from the form's hidden field (UTC without JavaScript).
    const { issued, claimed } = await attemptRegistration(data.email, data.password, request.ip(), {
      userAgent: request.header('user-agent'),
      timeZone: data.time_zone,
    })
    signInBrowser(ctx, issued)
    session.flash(
      'success',
      claimed
        ? 'Welcome back: your earlier pile is yours again.'
        : 'Welcome to Comic Pile. Add your first thread.'
    )
    return response.redirect().toRoute('roll.show')
  }
}
