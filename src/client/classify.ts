import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry'

import { awsErrorName } from './errors/index.js'

/**
 * What a failed attempt means for the engines: whether to try again, and whether DynamoDB may have
 * applied it. The SDK's own classification decides throttling and transient errors (429, the
 * throttling names, 5xx, resets, timeouts); the tables below add what it leaves out for DynamoDB
 * and say which failures leave the outcome unknown.
 */
export type FailureClass = 'throttling' | 'transient' | 'nonRetryable' | 'aborted'

export interface FailedAttempt {
  /** The DynamoDB or Node error name, e.g. `ThrottlingException`, `ECONNRESET`. */
  readonly name: string
  readonly kind: FailureClass
  /**
   * Whether DynamoDB may have applied the request: its answer was lost (a reset, a timeout, a
   * call aborted in flight) or DynamoDB said it failed internally (a 5xx "may or may not have
   * succeeded"). A refusal (throttling, validation, a failed condition, a cancellation) was not
   * applied.
   */
  readonly mayHaveApplied: boolean
}

/** Safe to retry with backoff, but the SDK does not (developer guide, "Error handling"). */
export const RETRYABLE_AWS_ERRORS: readonly string[] = [
  'TransactionConflictException',
  'ItemCollectionSizeLimitExceededException'
]

/** Never retried, whatever their status code says. */
export const NON_RETRYABLE_AWS_ERRORS: readonly string[] = [
  'ValidationException',
  'ConditionalCheckFailedException',
  'ResourceNotFoundException',
  'IdempotentParameterMismatchException',
  'AccessDeniedException'
]

/** The connection was never made: the request cannot have reached DynamoDB. */
export const NOT_SENT_ERROR_CODES: readonly string[] = [
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN'
]

/** Throttling-class answers that mean an earlier attempt with the same token is still running. */
export const IN_PROGRESS_ERRORS: readonly string[] = ['TransactionInProgressException']

export function classifyAttempt(error: unknown): FailedAttempt {
  const name = awsErrorName(error)
  const kind = classifyFailure(error)
  return { name, kind, mayHaveApplied: mayHaveApplied(error, name, kind) }
}

export function classifyFailure(error: unknown): FailureClass {
  if (typeof error !== 'object' || error === null) return 'nonRetryable'
  const name = awsErrorName(error)
  if (name === 'AbortError') return 'aborted'
  if (NON_RETRYABLE_AWS_ERRORS.includes(name)) return 'nonRetryable'
  const sdkError = error as Parameters<typeof isThrottlingError>[0]
  if (isThrottlingError(sdkError)) return 'throttling'
  if (
    isTransientError(sdkError) ||
    isServerError(sdkError) ||
    RETRYABLE_AWS_ERRORS.includes(name)
  ) {
    return 'transient'
  }
  return 'nonRetryable'
}

function mayHaveApplied(error: unknown, name: string, kind: FailureClass): boolean {
  if (IN_PROGRESS_ERRORS.includes(name)) return true
  if (kind === 'throttling' || kind === 'nonRetryable') return false
  if (NOT_SENT_ERROR_CODES.includes(name)) return false
  if (RETRYABLE_AWS_ERRORS.includes(name)) return false
  // What is left: 5xx, resets, timeouts, an abort in flight. A DynamoDB answer below 500 is a
  // refusal; anything else lost its answer or failed inside DynamoDB.
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
  return status === undefined || status >= 500
}
