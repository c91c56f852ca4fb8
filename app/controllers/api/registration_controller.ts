import type { HttpContext } from '@adonisjs/core/http'
import { registerValidator } from '#validators/account'
import { attemptRegistration } from '#services/sign_in'
import { tokenResponse } from '#services/token_response'

export default class RegistrationController {
  async store({ request, response }: HttpContext) {
    const { email, password } = await request.validateUsing(registerValidator, {
      data: request.body(),
    })
    const signedIn = await attemptRegistration(
      email,
      password,
      request.ip(),
      request.header('user-agent')
    )
    return response.created(tokenResponse(signedIn))
  }
}
