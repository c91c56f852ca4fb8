import type { HttpContext } from '@adonisjs/core/http'
import { loginValidator } from '#validators/account'
import { attemptSignIn } from '#services/sign_in'
import { revokeToken } from '#services/access_token_service'
import { tokenResponse } from '#services/token_response'

/** Sign-in issues a token; sign-out revokes the one in use. */
export default class AccessTokensController {
  async store({ request }: HttpContext) {
    const { email, password } = await request.validateUsing(loginValidator, {
      data: request.body(),
    })
    return tokenResponse(
      await attemptSignIn(email, password, request.ip(), request.header('user-agent'))
    )
  }

  async destroy({ auth, response }: HttpContext) {
    await revokeToken(auth.getUserOrFail().id, { jti: auth.use('jwt').jti! })
    return response.noContent()
  }
}
