/** What the tally needs of a request. */
export interface TalliedRequest {
  readonly index: number
  /** Why its last attempt failed: a DynamoDB error name, `UnprocessedItems`, ... */
  lastFailure?: string
  /** Whether an attempt of it may have been applied (its call's answer was lost, or a 5xx). */
  mayHaveBeenApplied: boolean
}

export interface BatchProgress {
  /** Requests processed so far. */
  readonly processed: number
  /** Requests pulled from the input and not settled yet. */
  readonly pending: number
  /** Requests given up on so far. */
  readonly failed: number
  readonly calls: number
  readonly retries: number
  readonly throttled: number
}

/**
 * The accounting of a batch run, in one place: every request pulled ends either processed or given
 * up on (never both, never neither), and the counts the caller sees come from here.
 */
export class BatchTally<REQUEST extends TalliedRequest> {
  pulled = 0
  processed = 0
  /** HTTP calls made: one attempt each. */
  calls = 0
  /** Requests sent again after a failed or partly processed call. */
  retries = 0
  /** Calls that were throttled or came back with requests unprocessed. */
  throttled = 0
  readonly failed: REQUEST[] = []
  /** DynamoDB's reason (values removed) for each error name that failed a call. */
  readonly reasons: Record<string, string> = {}
  /** Failed calls, by error name. */
  readonly failedCalls: Record<string, number> = {}

  /** `cause` replaces each request's last failure unless `keepCause` and it has one. */
  giveUp(requests: readonly REQUEST[], cause: string, keepCause = false): void {
    for (const request of requests) {
      if (!keepCause || request.lastFailure === undefined) request.lastFailure = cause
      this.failed.push(request)
    }
  }

  failedCall(name: string, reason: string | undefined): void {
    this.failedCalls[name] = (this.failedCalls[name] ?? 0) + 1
    if (reason !== undefined) this.reasons[name] ??= reason
  }

  /** Requests handed back that may nonetheless have been written. */
  get ambiguous(): number {
    return this.failed.filter(request => request.mayHaveBeenApplied).length
  }

  progress(): BatchProgress {
    return Object.freeze({
      processed: this.processed,
      pending: this.pulled - this.processed - this.failed.length,
      failed: this.failed.length,
      calls: this.calls,
      retries: this.retries,
      throttled: this.throttled
    })
  }
}
