import { assertInteger, assertNonNegative } from './assertOptions.js'

export const DEFAULT_MAX_ATTEMPTS = 5
export const DEFAULT_BASE_DELAY_MS = 100
export const DEFAULT_MAX_DELAY_MS = 20_000

/**
 * How often and how patiently a call is retried. One value shared by the document client (through
 * the SDK's retry strategy) and by the batch and transaction engines.
 */
export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  readonly maxAttempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  /**
   * The pause after attempt number `attempt` (1 = the first try) failed: exponential backoff with
   * full jitter, `random() * min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))`, floored.
   */
  delayMs(attempt: number, random?: () => number): number
}

export interface RetryPolicyOptions {
  maxAttempts?: number
  baseDelayMs?: number
  maxDelayMs?: number
}

/**
 * Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): spreading retries over
 * the whole window is what keeps many throttled callers from retrying in lockstep.
 */
export function computeBackoffDelayMs(
  attempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random
): number {
  const ceilingMs = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1))
  return Math.floor(random() * ceilingMs)
}

/**
 * @example
 * const policy = createRetryPolicy({ maxAttempts: 8 })
 * policy.delayMs(3) // somewhere in [0, 400)
 */
export function createRetryPolicy(options: RetryPolicyOptions = {}): RetryPolicy {
  const {
    maxAttempts = DEFAULT_MAX_ATTEMPTS,
    baseDelayMs = DEFAULT_BASE_DELAY_MS,
    maxDelayMs = DEFAULT_MAX_DELAY_MS
  } = options
  assertInteger('maxAttempts', maxAttempts, 1)
  assertNonNegative('baseDelayMs', baseDelayMs)
  assertNonNegative('maxDelayMs', maxDelayMs)
  return Object.freeze({
    maxAttempts,
    baseDelayMs,
    maxDelayMs,
    delayMs: (attempt: number, random?: () => number) =>
      computeBackoffDelayMs(attempt, baseDelayMs, maxDelayMs, random)
  })
}
