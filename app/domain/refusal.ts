/**
 * Why the domain refused to do something a reader asked, as a value: a reason and a
 * sentence for the reader. It is thrown (so an action's transaction rolls back) and
 * the edge maps the reason to an answer: a status for the API, a message on the page.
 * No HTTP status lives in the domain.
 */
export type RefusalReason =
  /** Not the reader's, or gone. */
  | 'not_found'
  /** Does not fit the current state (nothing to rate, nothing to undo, not completed…). */
  | 'conflict'
  /** Something else of the reader's holds the way (their import); worth trying again soon. */
  | 'busy'
  /** A value the reader gave does not fit the rules (the edge names the field it came from). */
  | 'invalid'
  /** Titles the pile already holds, to be answered first (app/domain/duplicates.ts). */
  | 'duplicate'

export class Refusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string
  ) {
    super(message)
    this.name = 'Refusal'
  }

  static notFound(message: string) {
    return new Refusal('not_found', message)
  }

  static conflict(message: string) {
    return new Refusal('conflict', message)
  }

  static invalid(message: string) {
    return new Refusal('invalid', message)
  }
}
