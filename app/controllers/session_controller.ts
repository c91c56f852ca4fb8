import type { HttpContext } from '@adonisjs/core/http'
import { urlFor } from '@adonisjs/core/services/url_builder'
import { loginValidator } from '#validators/account'
import { attemptSignIn } from '#services/sign_in'
import { revokeToken } from '#services/access_token_service'
import { signInBrowser, signOutBrowser } from '#services/token_cookie'
import { safeNextPath } from '#services/safe_redirect'
import { withForm } from '#http/forms'

/** Sign-in and sign-out pages. */
export default class SessionController {
  async create({ view, request }: HttpContext) {
    return view.render('pages/auth/login', { next: safeNextPath(request.input('next'), '') })
  }

  async store(ctx: HttpContext) {
    const { request, response, session } = ctx
    return withForm(
      ctx,
      'sign-in',
      () => this.create(ctx),
      async () => {
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
    )
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
