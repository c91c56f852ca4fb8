import type { HttpContext } from '@adonisjs/core/http'
import { urlFor } from '@adonisjs/core/services/url_builder'
import { loginValidator } from '#validators/account'
import { attemptSignIn } from '#services/sign_in'
import { type SignOutReason, revokeToken } from '#services/access_token_service'
import { signInBrowser, signOutBrowser } from '#services/token_cookie'
import { safeNextPath } from '#services/safe_redirect'

/** What the sign-in page tells a device whose sign-in ended elsewhere, by why it ended. */
const SIGNED_OUT: Record<SignOutReason, string | null> = {
  signed_out: null,
  signed_out_elsewhere: 'This device was signed out from another one. Sign in to carry on.',
  signed_out_everywhere:
    'You were signed out: “Sign out everywhere” was used on this account. Sign in to carry on.',
  password_changed:
    'You were signed out because the password was changed on another device. Sign in with the new one.',
  revoked_by_admin: 'An administrator signed this account out. Sign in to carry on.',
  email_change_undone:
    'You were signed out: a change of this account’s email was undone from the old address. Choose a new password to carry on.',
  expired: 'Your sign-in on this device expired. Sign in again to carry on.',
}

/** Sign-in and sign-out pages. */
export default class SessionController {
  async create({ view, request, session }: HttpContext) {
    const reason = session.flashMessages.get('signedOut') as SignOutReason | undefined
    return view.render('pages/auth/login', {
      next: safeNextPath(request.input('next'), ''),
      signedOut: reason ? SIGNED_OUT[reason] : null,
    })
  }

  async store(ctx: HttpContext) {
    const { request, response, session } = ctx
    const { email, password } = await request.validateUsing(loginValidator, {
      data: request.body(),
    })
    const { issued } = await attemptSignIn(
      email,
      password,
      request.ip(),
      request.header('user-agent')
    )
    signInBrowser(ctx, issued)
    session.flash('success', 'Welcome back.')
    const next = safeNextPath(request.body().next)
    return response
      .redirect()
      .toPath(/^\/(login|register)\b/.test(next) ? urlFor('roll.show') : next)
  }

  async destroy(ctx: HttpContext) {
    const { auth, response, session } = ctx
    const guard = auth.use('jwt')
    if (guard.jti) await revokeToken(auth.getUserOrFail().id, { jti: guard.jti })
    signOutBrowser(ctx)
    session.flash('success', 'Signed out. See you next evening.')
    return response.redirect().toRoute('session.create')
  }
}
