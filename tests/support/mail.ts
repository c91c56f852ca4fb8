import { SMTPServer } from 'smtp-server'
import db from '@adonisjs/lucid/services/db'
import type { FakeMailer } from '@adonisjs/mail'
import { freePort } from '#database/free_port'
import { stopMailQueue } from '#services/mail_queue'
import { startMailWorker } from '#services/mail_worker'
import { waitUntil } from '#tests/support/wait'

/**
 * The mails the fake mailer has been given for `to`, waiting (up to 5 s) for at least
 * `atLeast` of them: the mail queue sends after an answer.
 */
export async function mailsTo(fake: FakeMailer, to: string, atLeast = 1) {
  const find = () =>
    fake.messages.sent((message) => JSON.stringify(message.nodeMailerMessage.to).includes(to))
  await waitUntil(() => find().length >= atLeast, {
    interval: 20,
    message: () => `${atLeast} mails to ${to} (${find().length} came)`,
  })
  return find().map((message) => ({
    subject: String(message.nodeMailerMessage.subject),
    text: String(message.nodeMailerMessage.text),
    html: String(message.nodeMailerMessage.html),
  }))
}

/**
 * Waits until the mail queue holds no mail or reset ask still to do: every mail the
 * answers so far have promised has then been sent, and none more is on its way.
 */
export async function mailQueueSettled() {
  const pending = async () => {
    const { rows } = await db.rawQuery(
      `SELECT count(*)::int AS n FROM pgboss.job
        WHERE name IN ('mails', 'password-reset-asks') AND state IN ('created', 'retry', 'active')`
    )
    return rows[0].n as number
  }
  let left = 0
  await waitUntil(async () => (left = await pending()) === 0, {
    message: () => `the mail queue to settle (${left} jobs left)`,
  })
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
      const find = () => received.filter((mail) => mail.to.includes(to))
      await waitUntil(() => find().length >= atLeast, {
        timeout: 10000,
        message: () => `${atLeast} mails to ${to} over SMTP (${find().length} came)`,
      })
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
