import { assertInteger } from '../assertOptions.js'
import { ERROR_CODES, ValidationError } from '../errors.js'
import { createRetryPolicy, type RetryPolicy, type RetryPolicyOptions } from '../retryPolicy.js'

/**
 * Calls in flight per batch operation. Enough to keep a table busy from one process (each call
 * carries up to 25 writes or 100 reads) without queueing behind the socket pool; `npm run bench`
 * measures the choice.
 */
export const DEFAULT_BATCH_CONCURRENCY = 8

export interface BatchOptions extends RetryPolicyOptions {
  /** Calls in flight at once (default {@link DEFAULT_BATCH_CONCURRENCY}). */
  concurrency?: number
  /** Stops new calls; in-flight ones finish; the call rejects with what was not done. */
  signal?: AbortSignal
}

export interface ResolvedBatchOptions {
  concurrency: number
  policy: RetryPolicy
  signal: AbortSignal | undefined
}

/** Defaults come from the client's RetryPolicy; every option is checked before any call. */
export function resolveBatchOptions(
  options: BatchOptions,
  clientPolicy: RetryPolicy
): ResolvedBatchOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError(ERROR_CODES.invalidOptions, 'Batch options must be an object')
  }
  const concurrency = options.concurrency ?? DEFAULT_BATCH_CONCURRENCY
  assertInteger('concurrency', concurrency, 1)
  const policy = createRetryPolicy({
    maxAttempts: options.maxAttempts ?? clientPolicy.maxAttempts,
    baseDelayMs: options.baseDelayMs ?? clientPolicy.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? clientPolicy.maxDelayMs
  })
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new ValidationError(ERROR_CODES.invalidOptions, "Option 'signal' must be an AbortSignal")
  }
  return { concurrency, policy, signal: options.signal }
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
