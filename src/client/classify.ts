import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry'

import { awsErrorName } from './errors.js'

/**
 * What a failed call means for the engines. The SDK's own classification decides throttling and
 * transient errors (429, the throttling names, 5xx, resets, timeouts); the tables below add what
 * the SDK leaves out for DynamoDB.
 */
export type FailureClass = 'throttling' | 'transient' | 'nonRetryable'

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

export function classifyFailure(error: unknown): FailureClass {
  if (typeof error !== 'object' || error === null) return 'nonRetryable'
  const name = awsErrorName(error)
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

/** Calls the SDK made for a request, retries included (1 when it does not say). */
export function attemptsOf(outcome: unknown): number {
  const attempts = (outcome as { $metadata?: { attempts?: unknown } } | undefined)?.$metadata
    ?.attempts
  return typeof attempts === 'number' && attempts > 0 ? attempts : 1
}
