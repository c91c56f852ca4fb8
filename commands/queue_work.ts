import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Sends the queued mails, as its own process: for servers started with
 * MAIL_WORKER=separate (each server process works the queue otherwise).
 */
export default class QueueWork extends BaseCommand {
  static commandName = 'queue:work'
  static description = 'Send the queued mails until stopped (for MAIL_WORKER=separate)'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  async run() {
    const { mailAvailable } = await import('#services/mail')
    if (!mailAvailable()) {
      this.logger.error('Mail is off on this server (set SMTP_HOST): there is nothing to send.')
      this.exitCode = 1
      return this.terminate()
    }
    const { startMailWorker } = await import('#services/mail_worker')
    const { stopMailQueue } = await import('#services/mail_queue')
    await startMailWorker()
    this.logger.info('Sending queued mails; stop with Ctrl+C (or SIGTERM).')
    this.app.terminating(() => stopMailQueue())
  }
}
