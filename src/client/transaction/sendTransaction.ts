import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'

import { safeTextOf } from '../awsReason.js'
import { summarizeAttempts } from '../attemptHistory.js'
import { classifyAttempt, type FailedAttempt } from '../classify.js'
import {
  awsErrorName,
  cancellationReason,
  type CancellationReason,
  type MonotableError,
  redactAwsError,
  TransactionAbortedError,
  TransactionCanceledError
} from '../errors/index.js'
import { readerFor } from '../itemReader.js'
import type { RetryPolicy } from '../retryPolicy.js'
import { type RequestCommand, type Sent, sendRequest } from '../sendRequest.js'
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

export interface RawCancellationReason {
  Code?: string
  Message?: string
  Item?: Record<string, AttributeValue>
}

/**
 * Sends a transaction until it succeeds or a failure is final, through the engine that owns every
 * attempt (`sendRequest`): throttling, 5xx, resets and timeouts, plus what the SDK never retries,
 * cancellations for conflicts or capacity. The token makes every repeat safe: an attempt applied
 * whose answer was lost is not applied again.
 */
export async function sendTransaction<OUTPUT>(
  client: Parameters<typeof sendRequest>[0],
  command: RequestCommand,
  actions: readonly PreparedAction[],
  run: TransactionRun
): Promise<Sent<OUTPUT>> {
  try {
    return await sendRequest<OUTPUT>(client, command, {
      policy: run.policy,
      signal: run.signal,
      repeatable: true,
      classify: classifyTransactionAttempt,
      ...(run.random === undefined ? {} : { random: run.random })
    })
  } catch (error) {
    if (awsErrorName(error) === 'AbortError') {
      throw new TransactionAbortedError(
        run.operation,
        run.clientRequestToken,
        summarizeAttempts(error)
      )
    }
    throw toTransactionError(error, actions, run.operation, run.clientRequestToken)
  }
}

/** A cancellation for contention or capacity only was not applied and is worth another attempt. */
export function classifyTransactionAttempt(error: unknown): FailedAttempt {
  const reasons = cancellationReasonsOf(error)
  if (reasons === undefined) return classifyAttempt(error)
  const failed = reasons.filter(reason => reason.Code !== undefined && reason.Code !== 'None')
  const retryable =
    failed.length > 0 &&
    failed.every(reason => RETRYABLE_CANCELLATION_CODES.includes(reason.Code as string))
  return {
    name: awsErrorName(error),
    kind: retryable ? 'transient' : 'nonRetryable',
    mayHaveApplied: false
  }
}

/** A reason's message, when it says more than its code does (a failed condition says nothing). */
function explanationOf(error: unknown, reason: RawCancellationReason): { message?: string } {
  if (reason.Code === 'ConditionalCheckFailed') return {}
  const message = safeTextOf(error, reason.Message)
  return message === undefined ? {} : { message }
}

export function cancellationReasonsOf(error: unknown): RawCancellationReason[] | undefined {
  if (awsErrorName(error) !== 'TransactionCanceledException') return undefined
  const reasons = (error as { CancellationReasons?: RawCancellationReason[] }).CancellationReasons
  return Array.isArray(reasons) ? reasons : []
}

/** Maps DynamoDB's positional reasons back to the entity and action that failed. */
function toTransactionError(
  error: unknown,
  actions: readonly PreparedAction[],
  operation: string,
  clientRequestToken: string | undefined
): MonotableError {
  const raw = cancellationReasonsOf(error)
  if (raw === undefined) {
    const entities = [...new Set(actions.map(action => action.entity.entityName))].join('+')
    return toMonotableError(error, {
      entity: entities,
      operation,
      ...(clientRequestToken === undefined ? {} : { clientRequestToken })
    })
  }
  const reasons: CancellationReason[] = []
  raw.forEach((reason, position) => {
    const action = actions[position]
    if (reason.Code === undefined || reason.Code === 'None' || action === undefined) return
    const explained =
      reason.Code === 'ConditionalCheckFailed' && action.explain !== undefined
        ? action.explain(reason.Item === undefined ? undefined : unmarshall(reason.Item))
        : undefined
    const item =
      reason.Item === undefined || action.hideOldItem === true
        ? undefined
        : formatReturnedItem(reason.Item, {
            entity: action.entity.entityName,
            operation,
            formatItem: stored => readerFor(action.entity).read(stored, { includeExpired: true })
          })
    reasons.push(
      cancellationReason(
        {
          index: action.index,
          entity: action.entity.entityName,
          action: action.kind,
          code: reason.Code,
          ...explanationOf(error, reason),
          ...explained
        },
        item
      )
    )
  })
  return new TransactionCanceledError(
    operation,
    reasons,
    redactAwsError(error),
    clientRequestToken,
    summarizeAttempts(error)
  )
}
