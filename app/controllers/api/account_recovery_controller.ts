import type { HttpContext } from '@adonisjs/core/http'
import {
  cancelEmailChange,
  confirmEmailChange,
  deleteAccount,
  askPasswordReset,
  requestEmailChange,
  resetPassword,
} from '#services/account_recovery'
import {
  deleteAccountValidator,
  emailChangeValidator,
  emailConfirmValidator,
  passwordResetRequestValidator,
  passwordResetValidator,
} from '#validators/account'
import { requireMail } from '#services/mail'
import { throttles } from '#services/throttles'
import { tokenResponse } from '#services/token_response'

/** Password reset, email change and account deletion through the API. */
export default class AccountRecoveryController {
  /** 202 at once, the same whether or not the email has an account; the mail follows. */
  async requestReset(ctx: HttpContext) {
    const { request, response } = ctx
    requireMail('Password reset')
    await throttles.passwordResetRequest(request.ip()).consume()
    const { email } = await request.validateUsing(passwordResetRequestValidator, {
      data: request.body(),
    })
    await askPasswordReset(email)
    return response.accepted({})
  }

  async reset({ request }: HttpContext) {
    requireMail('Password reset')
    const { token, password } = await request.validateUsing(passwordResetValidator, {
      data: request.body(),
    })
    return tokenResponse(await resetPassword(token, password, request.header('user-agent')))
  }

  async changeEmail({ auth, request }: HttpContext) {
    requireMail('Email change')
    const data = await request.validateUsing(emailChangeValidator, { data: request.body() })
    const { user, pendingEmail } = await requestEmailChange(
      auth.getUserOrFail(),
      data.email,
      data.current_password,
      { ip: request.ip(), jti: auth.use('jwt').jti }
    )
    return { ...user.toApi(), pending_email: pendingEmail }
  }

  /** Drops a pending email change: its link stops working. */
  async cancelEmailChange({ auth, response }: HttpContext) {
    await cancelEmailChange(auth.getUserOrFail().id)
    return response.noContent()
  }

  async confirmEmail({ request }: HttpContext) {
    requireMail('Email change')
    const { token } = await request.validateUsing(emailConfirmValidator, { data: request.body() })
    const user = await confirmEmailChange(token)
    return user.toApi()
  }

  async destroy({ auth, request, response }: HttpContext) {
    const { password } = await request.validateUsing(deleteAccountValidator, {
      data: request.body(),
    })
    await deleteAccount(auth.getUserOrFail(), password, auth.use('jwt').jti)
    return response.noContent()
  }
}
