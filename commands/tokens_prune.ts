import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class TokensPrune extends BaseCommand {
  static commandName = 'tokens:prune'
  static description =
    'Delete expired access-token rows, used or expired mailed links and stale throttle counters (safe on a schedule)'
  static options: CommandOptions = { startApp: true }

  async run() {
    const { pruneTokens } = await import('#services/access_token_service')
    const { tokens, counters } = await pruneTokens()
    this.logger.success(`Deleted ${tokens} token row(s) and ${counters} throttle counter(s).`)
  }
}
