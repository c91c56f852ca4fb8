import { mailPasswordReset } from '#services/account_recovery'
import { startQueueWorkers } from '#services/mail_queue'

/** Starts this process's mail worker: it sends queued mails and looks up reset asks. */
export function startMailWorker() {
  return startQueueWorkers(mailPasswordReset)
}
