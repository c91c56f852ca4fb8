import { SMTPServer } from 'smtp-server'
import type { FakeMailer } from '@adonisjs/mail'
import { freePort } from '#database/free_port'
import { stopMailQueue } from '#services/mail_queue'
import { startMailWorker } from '#services/mail_worker'

/**
 * The mails the fake mailer has been given for `to`, waiting a little for the ones the
 * mail queue sends after an answer.
 */
export async function mailsTo(fake: FakeMailer, to: string, atLeast = 1) {
  const deadline = Date.now() + 5000
  const find = () =>
    fake.messages.sent((message) => JSON.stringify(message.nodeMailerMessage.to).includes(to))
  while (find().length < atLeast && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return find().map((message) => ({
    subject: String(message.nodeMailerMessage.subject),
    text: String(message.nodeMailerMessage.text),
    html: String(message.nodeMailerMessage.html),
  }))
}

/** The token a mailed link ends with. */
export const tokenOf = (text: string, path: string) =>
  new RegExp(`https?://[^\\s]+/${path}/([\\w-]+)`).exec(text)![1]

/** A local SMTP server that keeps what it is sent (each mail's text unfolded). */
export async function localSmtp(port?: number) {
  const received: Array<{ to: string[]; data: string }> = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let data = ''
      stream.on('data', (chunk) => (data += chunk))
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          data: data.replace(/=\r?\n/g, '').replace(/=3D/g, '='),
        })
        callback()
      })
    },
  })
  const listening = port ?? (await freePort())
  await new Promise<void>((resolve) => server.listen(listening, '127.0.0.1', resolve))
  return {
    port: listening,
    received,
    /** The mails to `to`, waiting up to 10 s for at least `atLeast` of them. */
    async mailsTo(to: string, atLeast = 1) {
      const deadline = Date.now() + 10000
      const find = () => received.filter((mail) => mail.to.includes(to))
      while (find().length < atLeast && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      return find()
    },
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  }
}

/**
 * Stops this test process's mail worker until the test ends (a test's `setup`): a child
 * server's queued mails (the same queue, the same database) are then sent by that server
 * alone.
 */
export async function pauseOwnMailWorker() {
  await stopMailQueue()
  return () => startMailWorker()
}
