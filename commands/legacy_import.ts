import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class LegacyImport extends BaseCommand {
  static commandName = 'legacy:import'
  static description =
    'Import the reader of an earlier comic-pile database (threads, order, sessions, events)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'postgres:// URL of the earlier database (read only)' })
  declare url: string

  @flags.string({
    description:
      'Import into this account (needed when users.id = 1 is a registered account, to name it)',
  })
  declare email?: string

  async run() {
    const { importLegacyDatabase } = await import('#domain/imports/importer')
    const { legacyImportTarget } = await import('#services/account_service')
    const { describeError } = await import('#services/log_redaction')
    try {
      const user = await legacyImportTarget(this.email)
      const result = await importLegacyDatabase(this.url, user.id, (line) => this.logger.info(line))
      for (const row of ('refused' in result ? result.refused : undefined) ?? []) {
        this.logger.warning(`Not imported: ${row.table} id ${row.legacyId}: ${row.message}`)
      }
      if (!('imported' in result)) {
        const reason = result.kind === 'rows' ? result.errors[0]?.message : result.message
        this.logger.error(`Nothing was imported: ${reason}`)
        this.exitCode = 1
        return
      }
      const { threads, sessions, events } = result.imported
      const skipped = result.skipped ?? { threads: 0, sessions: 0, events: 0 }
      this.logger.success(
        `Imported into users.id = ${user.id}: ${threads} threads, ${sessions} sessions, ${events} events` +
          ` (already there: ${skipped.threads}, ${skipped.sessions}, ${skipped.events}).`
      )
    } catch (error) {
      // The words of the refusal only: never a statement or its values.
      const { message } = describeError(error)
      this.logger.error(`Nothing was imported: ${message}`)
      this.exitCode = 1
    }
  }
}
