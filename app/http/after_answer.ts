import type { HttpContext } from '@adonisjs/core/http'

/**
 * Runs `work` once the answer has gone out (or the client has gone): what it does, and
 * how long it takes, cannot show in the answer.
 */
export function afterAnswer(ctx: HttpContext, work: () => Promise<unknown>) {
  ctx.response.response.once('close', () => {
    void work()
  })
}
