import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class LegacyImport extends BaseCommand {
  static commandName = 'legacy:import'
  static description =
    'Import the reader of an earlier comic-pile database (threads, order, sessions, events)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'postgres:// URL of the earlier database (read only)' })
  declare url: string

  @flags.string({ description: 'Import into this account instead of users.id = 1' })
  declare email?: string

  async run() {
    const { importLegacyDatabase } = await import('#services/legacy_import')
    try {
      const result = await importLegacyDatabase(this.url, {
        email: this.email,
        progress: (line) => this.logger.info(line),
      })
      this.logger.success(
        `Imported into users.id = ${result.userId}: ${result.threads} threads, ${result.sessions} sessions, ${result.events} events` +
          ` (already there: ${result.skipped.threads}, ${result.skipped.sessions}, ${result.skipped.events}).`
      )
    } catch (error) {
      const message = (error as Error).message
      this.logger.error(`Nothing was imported: ${message}`)
      this.exitCode = 1
    }
  }
}
