import type { AttributeValue } from '@aws-sdk/client-dynamodb'

import { safeTextOf } from '../awsReason.js'
import { attemptsOf, classifyFailure } from '../classify.js'
import {
  awsErrorName,
  cancellationReason,
  type CancellationReason,
  type MonotableError,
  redactAwsError,
  TransactionAbortedError,
  TransactionCanceledError
} from '../errors.js'
import { formatterFor } from '../formatterFor.js'
import type { RetryPolicy } from '../retryPolicy.js'
import { sleep } from '../timers.js'
import { formatReturnedItem, toMonotableError } from '../translateError.js'
import type { PreparedAction } from './transactionActions.js'

/**
 * A cancellation is worth retrying when every action that failed did so for these reasons:
 * contention or capacity, never a condition or a validation problem. (The SDK retries none of
 * them: TransactionCanceledException has no retryable trait.)
 */
export const RETRYABLE_CANCELLATION_CODES: readonly string[] = [
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded'
]

export interface TransactionRun {
  operation: string
  policy: RetryPolicy
  signal?: AbortSignal | undefined
  /** Sent on every attempt, so an attempt whose answer was lost cannot apply twice. */
  clientRequestToken?: string | undefined
  random?: () => number
}

interface RawCancellationReason {
  Code?: string
  Message?: string
  Item?: Record<string, AttributeValue>
}

/**
 * Sends a transaction until it succeeds or a failure is final. The SDK retries throttling, 5xx and
 * resets within one attempt; this loop adds conflicts and in-progress transactions, and counts the
 * SDK's attempts against the same `maxAttempts`.
 */
export async function sendTransaction<OUTPUT>(
  send: () => Promise<OUTPUT>,
  actions: readonly PreparedAction[],
  run: TransactionRun
): Promise<{ output: OUTPUT; attempts: number }> {
  let attempts = 0
  for (;;) {
    if (run.signal?.aborted)
      throw new TransactionAbortedError(run.operation, run.clientRequestToken, attempts)
    try {
      const output = await send()
      return { output, attempts: attempts + attemptsOf(output) }
    } catch (error) {
      attempts += attemptsOf(error)
      if (!isRetryable(error) || attempts >= run.policy.maxAttempts) {
        throw toTransactionError(error, actions, run.operation)
      }
      await sleep(run.policy.delayMs(attempts, run.random), run.signal)
    }
  }
}

/** A reason's message, when it says more than its code does (a failed condition says nothing). */
function explanationOf(error: unknown, reason: RawCancellationReason): { message?: string } {
  if (reason.Code === 'ConditionalCheckFailed') return {}
  const message = safeTextOf(error, reason.Message)
  return message === undefined ? {} : { message }
}

function cancellationReasonsOf(error: unknown): RawCancellationReason[] | undefined {
  if (awsErrorName(error) !== 'TransactionCanceledException') return undefined
  const reasons = (error as { CancellationReasons?: RawCancellationReason[] }).CancellationReasons
  return Array.isArray(reasons) ? reasons : []
}

function isRetryable(error: unknown): boolean {
  const reasons = cancellationReasonsOf(error)
  if (reasons === undefined) return classifyFailure(error) !== 'nonRetryable'
  const failed = reasons.filter(reason => reason.Code !== undefined && reason.Code !== 'None')
  return (
    failed.length > 0 &&
    failed.every(reason => RETRYABLE_CANCELLATION_CODES.includes(reason.Code as string))
  )
}

/** Maps DynamoDB's positional reasons back to the entity and action that failed. */
function toTransactionError(
  error: unknown,
  actions: readonly PreparedAction[],
  operation: string
): MonotableError {
  const raw = cancellationReasonsOf(error)
  if (raw === undefined) {
    const entities = [...new Set(actions.map(action => action.entity.entityName))].join('+')
    return toMonotableError(error, { entity: entities, operation })
  }
  const reasons: CancellationReason[] = []
  raw.forEach((reason, index) => {
    const action = actions[index]
    if (reason.Code === undefined || reason.Code === 'None' || action === undefined) return
    const item =
      reason.Item === undefined
        ? undefined
        : formatReturnedItem(reason.Item, {
            entity: action.entity.entityName,
            operation,
            formatItem: stored => formatterFor(action.entity).format(stored)
          })
    reasons.push(
      cancellationReason(
        {
          index,
          entity: action.entity.entityName,
          action: action.kind,
          code: reason.Code,
          ...explanationOf(error, reason)
        },
        item
      )
    )
  })
  return new TransactionCanceledError(operation, reasons, redactAwsError(error))
}
