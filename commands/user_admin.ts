import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class UserAdmin extends BaseCommand {
  static commandName = 'user:admin'
  static description = 'Grant (or with --revoke, take away) admin rights of an account'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Email address of the account' })
  declare email: string

  @flags.boolean({ description: 'Take admin rights away instead of granting them' })
  declare revoke: boolean

  async run() {
    const { findByEmail } = await import('#services/account_service')
    const user = await findByEmail(this.email)
    if (!user) {
      this.logger.error(`No account with the email ${this.email}.`)
      this.exitCode = 1
      return
    }
    user.isAdmin = !this.revoke
    await user.save()
    this.logger.success(`${user.email} is ${user.isAdmin ? 'now an admin' : 'no longer an admin'}.`)
  }
}
