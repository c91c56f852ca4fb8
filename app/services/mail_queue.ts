/**
 * Mail that is never lost: every mail the app promises is a job of pg-boss, a queue in
 * PostgreSQL, written in the transaction of the change that promises it (the token it
 * carries, say), and sent by a worker until the mail server takes it, across restarts
 * and crashes. The jobs' data is sealed with APP_KEY: a link's token is never stored
 * in the clear. pg-boss runs its statements on the app's own pool (DATABASE_POOL_MAX
 * counts them), and never changes its schema (database/migrations owns it).
 *
 * The worker (mail_worker.ts) runs in each server process by default
 * (MAIL_WORKER=in-process); with MAIL_WORKER=separate the servers only enqueue and
 * `node ace queue:work` sends.
 */
import edge from 'edge.js'
import { PgBoss, fromKnex, type Job, type JobWithMetadata } from 'pg-boss'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import encryption from '@adonisjs/core/services/encryption'
import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import { logOnceInAWhile } from '#services/database_errors'
import { describeError } from '#services/log_redaction'
import { type MailQuota, refundMailQuota } from '#services/throttles'

/** The queues: mails to send, and asks for a password reset (looked up after the answer). */
const MAILS = 'mails'
const RESET_ASKS = 'password-reset-asks'

/** Tries a mail gets before it is given up: with the backoff below, about two days. */
const MAIL_RETRIES = 40

/** A mail to send, rendered from `emails/<template>_html.edge` and `_text.edge` when sent. */
export interface OutgoingMail {
  to: string
  subject: string
  template: string
  data: Record<string, unknown>
  /** The quota the mail spent, handed back if it is given up. */
  quota?: { name: MailQuota; whom: string }
}

let starting: Promise<PgBoss> | undefined
const workers: string[] = []

/** The process's pg-boss, started once on first use: enqueueing needs it, working too. */
function queue(): Promise<PgBoss> {
  starting ??= (async () => {
    const boss = new PgBoss({
      db: fromKnex(db.connection().getWriteClient()),
      schema: 'pgboss',
      migrate: false,
      createSchema: false,
      schedule: false,
      registerInstance: false,
      openTelemetry: { enabled: false },
    })
    boss.on('error', (error) => {
      // An outage fails every poll: one line a minute says so.
      const due = logOnceInAWhile('mail queue')
      if (due) {
        logger.warn(
          { err: describeError(error), unlogged_since_last: due.unlogged },
          'the mail queue cannot reach the database'
        )
      }
    })
    await boss.start()
    const mails = {
      retryLimit: MAIL_RETRIES,
      retryDelay: 15,
      retryBackoff: true,
      retryDelayMax: 3600,
      expireInSeconds: 120,
      deleteAfterSeconds: 3600,
    }
    await boss.createQueue(MAILS, mails)
    await boss.updateQueue(MAILS, mails)
    await boss.createQueue(RESET_ASKS, { retryLimit: 20, retryDelay: 15, retryBackoff: true })
    return boss
  })().catch((error) => {
    starting = undefined
    throw error
  })
  return starting
}

/** The data of a job, sealed: only this app (its APP_KEY) can read it. */
const seal = (value: object) => ({ sealed: encryption.encrypt(value) })
function unseal<T>(job: Job<{ sealed: string }>): T | null {
  return encryption.decrypt<T>(job.data.sealed)
}

/** Wakes this process's workers, so a mail goes out now rather than at the next poll. */
async function wakeWorkers() {
  const boss = await queue()
  for (const id of workers) boss.notifyWorker(id)
}

/**
 * Enqueues `outgoing` in the transaction `trx`: it is sent once the transaction
 * commits, and never if it rolls back.
 */
export async function enqueueMail(trx: TransactionClientContract, outgoing: OutgoingMail) {
  const boss = await queue()
  await boss.send(MAILS, seal(outgoing), { db: fromKnex(trx.getWriteClient()) })
  trx.after('commit', () => void wakeWorkers())
}

/** Enqueues an ask for a password reset: the lookup and the mail follow, after the answer. */
export async function enqueueResetAsk(email: string) {
  const boss = await queue()
  await boss.send(RESET_ASKS, seal({ email }))
  void wakeWorkers()
}

async function sendMail(job: JobWithMetadata<{ sealed: string }>) {
  const outgoing = unseal<OutgoingMail>(job)
  if (!outgoing) {
    // Sealed with another APP_KEY: nobody can read it any more.
    logger.warn({ job: job.id }, 'a queued mail was sealed with another APP_KEY; dropped')
    return
  }
  const { to, subject, template, data } = outgoing
  try {
    const [html, text] = await Promise.all([
      edge.render(`emails/${template}_html`, { subject, ...data }),
      edge.render(`emails/${template}_text`, { subject, ...data }),
    ])
    await mail.send((message) => {
      message.to(to).subject(subject).html(html).text(text)
    })
  } catch (error) {
    const last = job.retryCount >= job.retryLimit
    logger.warn(
      { err: describeError(error), job: job.id, attempt: job.retryCount + 1 },
      last ? 'a mail was given up' : 'a mail could not be sent yet; it will be tried again'
    )
    if (last && outgoing.quota) await refundMailQuota(outgoing.quota.name, outgoing.quota.whom)
    throw error
  }
}

/**
 * Starts this process's workers of the queue (once): they send the mails, and hand each
 * ask for a password reset to `lookUpResetAsk` (see mail_worker.ts).
 */
export async function startQueueWorkers(lookUpResetAsk: (email: string) => Promise<void>) {
  if (workers.length) return
  const boss = await queue()
  const options = { batchSize: 1, pollingIntervalSeconds: 2, includeMetadata: true } as const
  workers.push(
    await boss.work(MAILS, options, ([job]: Array<JobWithMetadata<{ sealed: string }>>) =>
      sendMail(job)
    ),
    await boss.work(RESET_ASKS, options, async ([job]: Array<Job<{ sealed: string }>>) => {
      const ask = unseal<{ email: string }>(job)
      if (ask) await lookUpResetAsk(ask.email)
    })
  )
}

/** Stops the queue: the workers finish the mail in hand (at most a few seconds). */
export async function stopMailQueue() {
  if (!starting) return
  const boss = await starting.catch(() => null)
  starting = undefined
  workers.length = 0
  await boss?.stop({ graceful: true, timeout: 5000, close: false })
}
