/** What the queue needs of a request: its key, its place in the input, when it may go again. */
export interface QueuedRequest {
  /** Position in the caller's input. */
  readonly index: number
  /** Table name plus the item's key values: the identity DynamoDB deduplicates on. */
  readonly keyId: string
  /** Epoch ms before which the request must not be sent again. */
  notBefore: number
}

/** Where a request pulled from the input goes. */
export type Admission = 'ready' | 'blocked' | 'abandoned'

/**
 * The requests of a batch run that wait to be sent, in **per-key order**: a request to a key is
 * never sendable while an earlier one to the same key is queued, in flight, or was given up on.
 *
 * - The first request to a key is `ready`; later ones wait `blocked` behind it, and the next one
 *   becomes ready only once the one before it was processed ({@link settle}).
 * - When a request is given up on ({@link abandon}), every later request to its key is given up
 *   with it, and so is any that arrives later in the run (`abandoned`): writing a later value while
 *   an earlier one is handed back would let a re-send of the hand-back restore the older value.
 *
 * So one call never holds two requests to a key (DynamoDB refuses such a call), two calls never
 * race on one key, and a caller re-sending what was handed back, in the order handed back, leaves
 * each key with the value the input meant last.
 */
export class RequestQueue<REQUEST extends QueuedRequest> {
  /** Sendable requests (at most one per key), in the order they became sendable. */
  private ready: REQUEST[] = []
  /** Per key, the requests not settled yet, in input order; the first is ready or in flight. */
  private readonly byKey = new Map<string, REQUEST[]>()
  private readonly abandonedKeys = new Set<string>()
  private blocked = 0

  /** Requests held: ready or blocked (not those in flight). */
  get size(): number {
    return this.ready.length + this.blocked
  }

  add(request: REQUEST): Admission {
    if (this.abandonedKeys.has(request.keyId)) return 'abandoned'
    const line = this.byKey.get(request.keyId)
    if (line !== undefined) {
      line.push(request)
      this.blocked += 1
      return 'blocked'
    }
    this.byKey.set(request.keyId, [request])
    this.ready.push(request)
    return 'ready'
  }

  /** A request that was sent and must go again, not before its `notBefore`. */
  retry(request: REQUEST): void {
    this.ready.push(request)
  }

  /** The requests due at `now`, in the order they became sendable, while `fits` accepts them. */
  take(now: number, fits: (request: REQUEST) => boolean): REQUEST[] {
    const taken: REQUEST[] = []
    const kept: REQUEST[] = []
    for (const request of this.ready) {
      if (request.notBefore <= now && fits(request)) taken.push(request)
      else kept.push(request)
    }
    if (taken.length > 0) this.ready = kept
    return taken
  }

  /** The request was processed: the next request to its key, if any, becomes ready. */
  settle(request: REQUEST): void {
    const line = this.byKey.get(request.keyId)
    if (line === undefined || line[0] !== request) return
    line.shift()
    const next = line[0]
    if (next === undefined) {
      this.byKey.delete(request.keyId)
      return
    }
    this.blocked -= 1
    next.notBefore = 0
    this.ready.push(next)
  }

  /**
   * The request is given up on: its key takes no more requests in this run. Returns the later
   * requests to that key, which are given up with it.
   */
  abandon(request: REQUEST): REQUEST[] {
    this.abandonedKeys.add(request.keyId)
    this.ready = this.ready.filter(candidate => candidate !== request)
    const line = this.byKey.get(request.keyId) ?? []
    this.byKey.delete(request.keyId)
    const later = line.filter(candidate => candidate !== request)
    this.blocked -= later.length
    return later
  }

  /** When the earliest ready request may go (Infinity when none waits). */
  earliestDue(): number {
    let earliest = Number.POSITIVE_INFINITY
    for (const request of this.ready) earliest = Math.min(earliest, request.notBefore)
    return earliest
  }

  /** Everything held (ready and blocked), emptied out, in input order: a stopped run hands it back. */
  drain(): REQUEST[] {
    const held = [...this.ready]
    for (const line of this.byKey.values()) held.push(...line.slice(1))
    this.ready = []
    this.byKey.clear()
    this.blocked = 0
    return held.sort((left, right) => left.index - right.index)
  }
}
