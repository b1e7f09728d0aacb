import { ERROR_CODES, ValidationError } from './errors/index.js'
import { createRetryPolicy, type RetryPolicy, type RetryPolicyOptions } from './retryPolicy.js'

/** What every engine call may override of the client's defaults. */
export interface CallOptions extends RetryPolicyOptions {
  /**
   * Stops the call: batches send nothing new (calls in flight finish) and hand back what was not
   * done; transactions stop retrying and reject with `TransactionAbortedError`.
   */
  signal?: AbortSignal
}

/**
 * The client's RetryPolicy with the attempts and pauses a call overrides, and its signal; checked
 * before any I/O.
 */
export function resolveCallPolicy(
  options: CallOptions,
  clientPolicy: RetryPolicy
): { policy: RetryPolicy; signal: AbortSignal | undefined } {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError(ERROR_CODES.invalidOptions, 'Options must be an object')
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new ValidationError(ERROR_CODES.invalidOptions, "Option 'signal' must be an AbortSignal")
  }
  const policy = createRetryPolicy({
    maxAttempts: options.maxAttempts ?? clientPolicy.maxAttempts,
    baseDelayMs: options.baseDelayMs ?? clientPolicy.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? clientPolicy.maxDelayMs
  })
  return { policy, signal: options.signal }
}
