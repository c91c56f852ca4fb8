import type { HttpContext } from '@adonisjs/core/http'
import { changePasswordValidator } from '#validators/account'
import { changePassword } from '#services/account_service'

export default class PasswordController {
  async update(ctx: HttpContext) {
    const { auth, request, response, session } = ctx
    const data = await request.validateUsing(changePasswordValidator, { data: request.body() })
    await changePassword(
      auth.getUserOrFail(),
      data.current_password,
      data.password,
      auth.use('jwt').jti
    )
    session.flash('success', 'Password changed. Every other device is signed out.')
    return response.redirect().toRoute('account.show')
  }
}
