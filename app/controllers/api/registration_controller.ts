import type { HttpContext } from '@adonisjs/core/http'
import { registerValidator } from '#validators/account'
import { attemptRegistration } from '#services/sign_in'
import { tokenResponse } from '#services/token_response'

export default class RegistrationController {
  async store({ request, response }: HttpContext) {
    const { email, password } = await request.validateUsing(registerValidator, {
      data: request.body(),
    })
    // An account registered through the API is in UTC until its reader names a zone.
    const signedIn = await attemptRegistration(email, password, request.ip(), {
      userAgent: request.header('user-agent'),
    })
    return response.created(tokenResponse(signedIn))
  }
}
