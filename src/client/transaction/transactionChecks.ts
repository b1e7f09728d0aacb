import { keyIdOf } from '../batch/batchRequests.js'
import {
  ERROR_CODES,
  type MonotableErrorCode,
  TransactionValidationError
} from '../errors/index.js'
import { measureItem } from '../itemSize.js'
import { MAX_ITEM_BYTES, MAX_TRANSACTION_BYTES } from '../limits.js'
import type { PreparedAction } from './transactionActions.js'

/** DynamoDB's rules for a transaction's items, checked before any call. */

type Stored = Record<string, unknown>

function storedKeyOf(action: PreparedAction): Stored {
  const [params] = Object.values(action.item) as [Stored]
  return (action.kind === 'put' ? params.Item : params.Key) as Stored
}

export function assertDistinctItems(actions: readonly PreparedAction[], operation: string): void {
  const seen = new Map<string, PreparedAction>()
  for (const action of actions) {
    const keyId = keyIdOf(action.entity, storedKeyOf(action), action.index, operation)
    const first = seen.get(keyId)
    if (first !== undefined) {
      throw validation(
        ERROR_CODES.duplicateKey,
        `${operation}: actions ${first.index} and ${action.index} (${action.entity.entityName}) target the same item`,
        action,
        first.index
      )
    }
    seen.set(keyId, action)
  }
}

/** Items count whole for puts; updates, deletes and checks count their key and values. */
export function assertSizes(actions: readonly PreparedAction[], operation: string): void {
  let totalBytes = 0
  for (const action of actions) {
    const [params] = Object.values(action.item) as [Stored]
    if (action.kind === 'put') {
      const { itemBytes } = measureItem(params.Item as Stored)
      if (itemBytes > MAX_ITEM_BYTES) {
        throw validation(
          ERROR_CODES.itemTooLarge,
          `${operation}: action ${action.index} (${action.entity.entityName}) is ${itemBytes} bytes, over DynamoDB's ${MAX_ITEM_BYTES}-byte item limit`,
          action
        )
      }
      totalBytes += itemBytes
    } else {
      totalBytes += measureItem(params.Key as Stored).itemBytes
      totalBytes += measureItem(
        (params.ExpressionAttributeValues as Stored | undefined) ?? {}
      ).itemBytes
    }
  }
  if (totalBytes > MAX_TRANSACTION_BYTES) {
    throw new TransactionValidationError(
      ERROR_CODES.transactionTooLarge,
      `${operation}: the items weigh ${totalBytes} bytes together, over DynamoDB's ${MAX_TRANSACTION_BYTES}-byte limit`
    )
  }
}

function validation(
  code: MonotableErrorCode,
  message: string,
  action: PreparedAction,
  otherIndex?: number
): TransactionValidationError {
  return new TransactionValidationError(code, message, {
    index: action.index,
    entity: action.entity.entityName,
    ...(otherIndex === undefined ? {} : { otherIndex })
  })
}
