import { MAX_CLIENT_REQUEST_TOKEN_LENGTH, MAX_TRANSACTION_BYTES } from '../../client/limits.js'
import {
  dynaliteDb,
  failure,
  getStoredItem,
  isDynamoFailure,
  runAction,
  type Store,
  type StoredItem,
  validationFailure
} from '../dynalite/internals.js'
import { utf8ItemSize } from '../dynalite/utf8ItemSize.js'
import { INDEX_KEY_MESSAGES } from '../indexes/indexKeyValues.js'
import { inLocalWords } from '../indexes/updatedIndexKeys.js'
import { lengthConstraint, LOCAL_MESSAGES } from '../localErrors.js'
import type { LocalContext, Request, Response } from './context.js'
import { parseTransaction, type TransactionAction } from './transactionRequests.js'

interface CancellationReason {
  Code: string
  Message?: string
  Item?: StoredItem
}

/**
 * TransactWriteItems, which dynalite lacks. Conditions are dynalite's own (parsed by its
 * validation, evaluated by its `checkConditional`) and writes go through its actions, so they
 * behave exactly as the single-item calls do. All-or-nothing: under the exclusive lock every
 * condition is evaluated against the items as they were, and only if all hold are the writes
 * applied; should one still fail (an update's operand of the wrong type), those already applied
 * are restored before the error is returned.
 */
export async function transactWriteItems(
  context: LocalContext,
  request: Request
): Promise<Response> {
  const token = request.ClientRequestToken
  if (
    token !== undefined &&
    (typeof token !== 'string' ||
      token.length < 1 ||
      token.length > MAX_CLIENT_REQUEST_TOKEN_LENGTH)
  ) {
    const bound =
      typeof token === 'string' && token.length > MAX_CLIENT_REQUEST_TOKEN_LENGTH ? 'max' : 'min'
    throw validationFailure(
      lengthConstraint(
        'clientRequestToken',
        String(token),
        bound,
        bound === 'max' ? MAX_CLIENT_REQUEST_TOKEN_LENGTH : 1
      )
    )
  }
  const actions = await parseTransaction(context.store, request, [
    'ConditionCheck',
    'Put',
    'Update',
    'Delete'
  ])
  // An update whose own values are over the item limit fails at once (after applying, it cancels).
  for (const { type, data } of actions) {
    const values = (data.ExpressionAttributeValues as StoredItem | undefined) ?? {}
    if (type === 'Update' && utf8ItemSize(values) > context.store.options.maxItemSize) {
      throw validationFailure(LOCAL_MESSAGES.updateTooLarge)
    }
  }
  const payloadBytes = actions.reduce((sum, action) => sum + payloadBytesOf(action), 0)
  if (payloadBytes > MAX_TRANSACTION_BYTES) {
    throw validationFailure(
      `Transaction payload size cannot exceed 4MB. Payload Size: ${payloadBytes}`
    )
  }

  return context.lock.exclusive(async () => {
    if (typeof token === 'string') {
      const seen = context.tokens.check(token, request.TransactItems)
      if (seen === 'repeat') return {}
      if (seen === 'mismatch') throw failure('IdempotentParameterMismatchException', '')
    }
    const before = await Promise.all(
      actions.map(action => getStoredItem(context.store, action.table, action.key))
    )
    const reasons = actions.map((action, index) => outcomeOf(action, before[index]))
    if (reasons.some(reason => reason.Code !== 'None')) throw cancellation(reasons)
    await applyAll(context.store, actions, before)
    if (typeof token === 'string') context.tokens.remember(token, request.TransactItems)
    return {}
  })
}

/**
 * What an action contributes to the cancellation reasons. A value of another type for an index
 * key is a ValidationError; DynamoDB Local reports it before a put's condition, after an
 * update's (whose result it depends on).
 */
function outcomeOf(action: TransactionAction, current: StoredItem | undefined): CancellationReason {
  if (action.indexKeyMismatch && action.type === 'Put') return INDEX_KEY_MISMATCH
  const condition = conditionOutcome(action, current)
  return condition.Code === 'None' && action.indexKeyMismatch ? INDEX_KEY_MISMATCH : condition
}

const INDEX_KEY_MISMATCH: CancellationReason = {
  Code: 'ValidationError',
  Message: INDEX_KEY_MESSAGES.typeMismatch
}

function conditionOutcome(
  action: TransactionAction,
  current: StoredItem | undefined
): CancellationReason {
  if (!dynaliteDb.checkConditional(action.data, current)) return { Code: 'None' }
  return {
    Code: 'ConditionalCheckFailed',
    Message: LOCAL_MESSAGES.conditionFailed,
    ...(action.returnOldItem && current !== undefined ? { Item: current } : {})
  }
}

const WRITE_ACTIONS = { Put: 'putItem', Update: 'updateItem', Delete: 'deleteItem' } as const

/**
 * Applies the writes in order. If one still fails, those already applied are restored first; an
 * update that would grow its item past 400 KB, or give an index key a value of another type,
 * cancels the transaction with a `ValidationError` reason at its index, as DynamoDB Local does
 * (other validation failures stay top-level errors).
 */
async function applyAll(
  store: Store,
  actions: readonly TransactionAction[],
  before: readonly (StoredItem | undefined)[]
): Promise<void> {
  const applied: number[] = []
  let current = 0
  try {
    for (const [index, action] of actions.entries()) {
      current = index
      if (action.type === 'ConditionCheck' || action.type === 'Get') continue
      await runAction(store, WRITE_ACTIONS[action.type], action.data)
      applied.push(index)
    }
  } catch (caught) {
    const action = actions[current] as TransactionAction
    const error = inLocalWords(caught, action.table, action.data)
    for (const index of applied.reverse()) {
      const { table, key } = actions[index] as TransactionAction
      const previous = before[index]
      if (previous === undefined)
        await runAction(store, 'deleteItem', { TableName: table.TableName, Key: key })
      else await runAction(store, 'putItem', { TableName: table.TableName, Item: previous })
    }
    const message = isDynamoFailure(error) ? error.body.message : undefined
    if (message === LOCAL_MESSAGES.updateTooLarge || message === INDEX_KEY_MESSAGES.typeMismatch) {
      throw cancellation(
        actions.map((_, index): CancellationReason =>
          index === current ? { Code: 'ValidationError', Message: message } : { Code: 'None' }
        )
      )
    }
    throw error
  }
}

function cancellation(reasons: readonly CancellationReason[]) {
  return failure('TransactionCanceledException', '', {
    Message: `${LOCAL_MESSAGES.cancelled} [${reasons.map(reason => reason.Code).join(', ')}]`,
    CancellationReasons: reasons
  })
}

/** What an action adds to the transaction's 4 MB: a put's item, an update's key and values, a key. */
function payloadBytesOf({ type, data, key }: TransactionAction): number {
  if (type === 'Put') return utf8ItemSize(data.Item as StoredItem)
  const values = (data.ExpressionAttributeValues as StoredItem | undefined) ?? {}
  return utf8ItemSize(key) + (type === 'Update' ? utf8ItemSize(values) : 0)
}
