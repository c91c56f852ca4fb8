import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import logger from '@adonisjs/core/services/logger'
import { MailResponse } from '@adonisjs/mail'
import type { MailTransportContract, NodeMailerMessage } from '@adonisjs/mail/types'

/** The first link of a text, for the log line that says where a mail went. */
const firstLink = (text: string) => /https?:\/\/\S+/.exec(text)?.[0] ?? null

/**
 * A transport for development with no mail settings: writes each mail as two files
 * (its HTML and its text) under `directory`, and logs where, with the mail's link.
 */
export class FileMailTransport implements MailTransportContract {
  constructor(private directory: string) {}

  async send(message: NodeMailerMessage) {
    await mkdir(this.directory, { recursive: true })
    const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`
    const to = String((message.to as unknown) ?? '')
    const text = String(message.text ?? '')
    const head = `To: ${to}\nSubject: ${message.subject ?? ''}\n\n`
    await writeFile(join(this.directory, `${id}.txt`), head + text)
    await writeFile(join(this.directory, `${id}.html`), String(message.html ?? ''))
    logger.info(
      { to, file: `tmp/mails/${id}.txt`, link: firstLink(text) },
      'mail written to tmp/mails'
    )
    return new MailResponse(id, { from: false, to: [to] }, { id })
  }
}
