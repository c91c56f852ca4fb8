import type { HttpContext } from '@adonisjs/core/http'
import { changePasswordValidator } from '#validators/account'
import { changePassword } from '#services/account_service'

export default class PasswordController {
  async update({ auth, request, response, session }: HttpContext) {
    const data = await request.validateUsing(changePasswordValidator, { data: request.body() })
    await changePassword(
      auth.getUserOrFail(),
      data.current_password,
      data.password,
      auth.use('jwt').jti
    )
    session.flash('success', 'Password changed. Every other device is signed out.')
    return response.redirect().toPath('/account')
  }
}
