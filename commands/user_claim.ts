import { BaseCommand, args } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { readPassword } from '#services/cli_input'

export default class UserClaim extends BaseCommand {
  static commandName = 'user:claim'
  static description = 'Give the legacy reader (users.id = 1, no email) an email and password'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Email address of the account' })
  declare email: string

  async run() {
    const { claimLegacyFromCli } = await import('#services/account_service')
    const { registerValidator } = await import('#validators/account')
    const password = await readPassword(this, 'Password for the legacy reader')
    const [error, data] = await registerValidator.tryValidate({ email: this.email, password })
    if (error) {
      for (const message of error.messages)
        this.logger.error(`${message.field}: ${message.message}`)
      this.exitCode = 1
      return
    }
    try {
      const user = await claimLegacyFromCli(data.email, data.password)
      this.logger.success(`Claimed the legacy reader (id ${user.id}) for ${user.email}.`)
    } catch (failure) {
      this.logger.error((failure as Error).message)
      this.exitCode = 1
    }
  }
}
