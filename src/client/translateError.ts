import { unmarshall } from '@aws-sdk/util-dynamodb'
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { DynamoDBToolboxError } from 'dynamodb-toolbox/errors'

import { summarizeAttempts } from './attemptHistory.js'
import {
  awsErrorName,
  ConditionFailedError,
  ERROR_CODES,
  MonotableError,
  redactAwsError,
  RequestFailedError,
  ValidationError
} from './errors/index.js'

export interface OperationContext {
  /** Entity name, or table name for table-wide calls. */
  entity: string
  /** e.g. `put`, `query` */
  operation: string
  /** Formats an item DynamoDB returned (unmarshalled) as the entity would. */
  formatItem?: (item: Record<string, unknown>) => unknown
  /** The transaction's token, when the call was one. */
  clientRequestToken?: string
}

/**
 * Turns whatever a call threw into a MonotableError with a value-free message: toolbox parsing
 * errors carry the offending value in `payload`, and DynamoDB messages may quote request values.
 */
export function toMonotableError(error: unknown, context: OperationContext): MonotableError {
  if (MonotableError.is(error)) return error
  const where = `${context.entity}.${context.operation}`
  if (error instanceof DynamoDBToolboxError) return fromToolboxError(error, context, where)
  if (awsErrorName(error) === 'ConditionalCheckFailedException') {
    const rawItem = (error as { Item?: Record<string, AttributeValue> }).Item
    return new ConditionFailedError(
      context.entity,
      context.operation,
      rawItem === undefined ? undefined : formatReturnedItem(rawItem, context),
      redactAwsError(error),
      summarizeAttempts(error)?.ambiguous ?? false
    )
  }
  return new RequestFailedError(
    where,
    error,
    context.clientRequestToken === undefined
      ? {}
      : { clientRequestToken: context.clientRequestToken }
  )
}

function fromToolboxError(
  error: DynamoDBToolboxError,
  context: OperationContext,
  where: string
): ValidationError {
  const code = error.code.startsWith('options.')
    ? ERROR_CODES.invalidOptions
    : ERROR_CODES.invalidItem
  // Only the first path segment: deeper segments can be record keys, which are data.
  const attribute = typeof error.path === 'string' ? error.path.split(/[.[]/)[0] : undefined
  const subject = attribute ? `attribute '${attribute}' is invalid` : 'rejected'
  return new ValidationError(code, `${where}: ${subject} (${error.code})`, {
    entity: context.entity,
    ...(attribute ? { attribute } : {})
  })
}

/** lib-dynamodb leaves items on errors marshalled; unmarshall, then format if possible. */
export function formatReturnedItem(
  rawItem: Record<string, AttributeValue>,
  context: OperationContext
): unknown {
  const item = unmarshall(rawItem)
  if (context.formatItem === undefined) return item
  try {
    return context.formatItem(item)
  } catch {
    return item
  }
}

/**
 * A validation error's text without the `Entity.operation: ` (or `Entity: `) it starts with, so an
 * engine can say it again with the request's index.
 */
export function problemOf(error: ValidationError, entity: string, operation: string): string {
  for (const lead of [`${entity}.${operation}: `, `${entity}: `]) {
    if (error.message.startsWith(lead)) return error.message.slice(lead.length)
  }
  return error.message
}
