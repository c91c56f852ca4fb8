import { getHeapStatistics } from 'node:v8'

/**
 * How much request body the process holds at once, so that no mix of requests can
 * exhaust its heap: every body held counts until its answer is sent. Form and JSON
 * bodies share a byte budget (a sixteenth of the heap: parsed, a body takes a few times
 * its size);
 * uploads, which an import turns into many rows, are counted by the request, one a
 * reader at a time (no reader holds every slot).
 */
export class BodyBudget {
  private used = 0
  private uploadsInFlight = 0
  private uploaders = new Set<number>()

  constructor(
    readonly bytes: number,
    readonly uploads: number
  ) {}

  /** Holds `size` bytes of form or JSON body; false when the budget has no room. */
  holdForm(size: number): (() => void) | false {
    if (this.used + size > this.bytes) return false
    this.used += size
    return once(() => (this.used -= size))
  }

  /** Holds one upload slot for `owner`; false when every slot is taken, or one is theirs. */
  holdUpload(owner?: number): (() => void) | false {
    if (this.uploadsInFlight >= this.uploads) return false
    if (owner !== undefined && this.uploaders.has(owner)) return false
    this.uploadsInFlight += 1
    if (owner !== undefined) this.uploaders.add(owner)
    return once(() => {
      this.uploadsInFlight -= 1
      if (owner !== undefined) this.uploaders.delete(owner)
    })
  }
}

function once(release: () => void) {
  let done = false
  return () => {
    if (done) return
    done = true
    release()
  }
}

const MB = 1024 * 1024

/** The process's budget: a sixteenth of the heap for forms (at least 8 MB), two uploads at once. */
export const bodyBudget = new BodyBudget(
  Math.max(8 * MB, Math.floor(getHeapStatistics().heap_size_limit / 16)),
  2
)
