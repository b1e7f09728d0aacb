import { assertInteger } from '../assertOptions.js'
import { type CallOptions, resolveCallPolicy } from '../callPolicy.js'
import { ERROR_CODES, type MonotableErrorCode } from '../errors/index.js'
import type { RetryPolicy } from '../retryPolicy.js'

/**
 * Calls in flight per batch operation. Enough to keep a table busy from one process (each call
 * carries up to 25 writes or 100 reads) without queueing behind the socket pool. `npm run bench`
 * (workload 1b) shows why: with 10 ms round trips, 4 -> 8 calls in flight gives +88%, 8 -> 16 only
 * +16%, while sockets, memory and the load on a throttled table grow with each call.
 */
export const DEFAULT_BATCH_CONCURRENCY = 8

export interface BatchOptions extends CallOptions {
  /** Calls in flight at once (default {@link DEFAULT_BATCH_CONCURRENCY}). */
  concurrency?: number
  /**
   * How long a table may keep refusing a request (throttling it, or handing it back unprocessed)
   * before the request is handed back, beside `maxAttempts`: a request is handed back only once it
   * has had its attempts **and** been refused this long. Default: the policy's `maxDelayMs`
   * (20 s), so a table saturated for less than that loses nothing to it; `0` when the call sets
   * `maxAttempts` itself (its attempts are then exact).
   */
  refusalBudgetMs?: number
}

export interface ResolvedBatchOptions {
  concurrency: number
  policy: RetryPolicy
  signal: AbortSignal | undefined
  refusalBudgetMs: number
}

/** Defaults come from the client's RetryPolicy; every option is checked before any call. */
export function resolveBatchOptions(
  options: BatchOptions,
  clientPolicy: RetryPolicy
): ResolvedBatchOptions {
  const { policy, signal } = resolveCallPolicy(options, clientPolicy)
  const concurrency = options.concurrency ?? DEFAULT_BATCH_CONCURRENCY
  assertInteger('concurrency', concurrency, 1)
  if (options.refusalBudgetMs !== undefined) {
    assertInteger('refusalBudgetMs', options.refusalBudgetMs, 0)
  }
  // The default is the cap, which a policy may give as a fraction of a millisecond.
  const refusalBudgetMs =
    options.refusalBudgetMs ?? (options.maxAttempts === undefined ? policy.maxDelayMs : 0)
  return { concurrency, policy, signal, refusalBudgetMs }
}

/** Counts by key, for error summaries. */
export function countBy<T>(
  values: Iterable<T>,
  keyOf: (value: T) => string
): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const value of values) {
    const key = keyOf(value)
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}

interface StoppedRun {
  aborted: boolean
  inputError?: unknown
  interruption?: unknown
}

/** A batch error's code and cause: why the run stopped early, else that attempts ran out. */
export function stopOf(run: StoppedRun): { code: MonotableErrorCode; cause?: Error } {
  const code = run.aborted
    ? ERROR_CODES.batchAborted
    : run.inputError !== undefined
      ? ERROR_CODES.batchInvalidInput
      : run.interruption !== undefined
        ? ERROR_CODES.batchInterrupted
        : ERROR_CODES.batchUnprocessed
  const cause = run.inputError ?? run.interruption
  return cause instanceof Error ? { code, cause } : { code }
}
