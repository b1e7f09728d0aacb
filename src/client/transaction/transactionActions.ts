import type { Entity } from 'dynamodb-toolbox/entity'
import { ConditionCheck } from 'dynamodb-toolbox/entity/actions/transactCheck'
import { DeleteTransaction } from 'dynamodb-toolbox/entity/actions/transactDelete'
import { GetTransaction } from 'dynamodb-toolbox/entity/actions/transactGet'
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut'
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate'

import { keyIdOf } from '../batch/batchRequests.js'
import {
  ERROR_CODES,
  type MonotableErrorCode,
  type TransactionActionKind,
  TransactionValidationError,
  ValidationError
} from '../errors/index.js'
import { measureItem } from '../itemSize.js'
import { MAX_ITEM_BYTES, MAX_TRANSACTION_ACTIONS, MAX_TRANSACTION_BYTES } from '../limits.js'
import { problemOf, toMonotableError } from '../translateError.js'

/** An action built by an entity: `Customer.transactPut(item, { condition })`, `Product.transactCheck(key, condition)`, ... */
export type TransactWriteAction = Pick<
  PutTransaction | UpdateTransaction | DeleteTransaction | ConditionCheck,
  'entity' | 'params'
>

/** A read built by an entity: `Customer.transactGet(key)`. */
export type TransactGetAction = Pick<GetTransaction, 'entity' | 'params'>

type Stored = Record<string, unknown>

/** What DynamoDB is sent for one action, with what the engine needs to report on it. */
export interface PreparedAction {
  readonly index: number
  readonly entity: Entity
  readonly kind: TransactionActionKind
  /** `{ Put: {...} }`, `{ Update: {...} }`, ...: one TransactItems entry. */
  readonly item: Record<string, Stored>
}

/** Each action kind: its toolbox class, its field in TransactItems, and where its key is. */
const KINDS = [
  { kind: 'put', type: PutTransaction, field: 'Put' },
  { kind: 'update', type: UpdateTransaction, field: 'Update' },
  { kind: 'delete', type: DeleteTransaction, field: 'Delete' },
  { kind: 'check', type: ConditionCheck, field: 'ConditionCheck' },
  { kind: 'get', type: GetTransaction, field: 'Get' }
] as const

/**
 * Builds every action's parameters with its entity and checks the whole transaction against
 * DynamoDB's rules before any call: 1 to 100 actions, no item twice (a condition check counts),
 * items of at most 400 KB, at most 4 MB in all.
 */
export function prepareActions(
  actions: readonly unknown[],
  allowed: readonly TransactionActionKind[],
  operation: string,
  extraParameters: Stored = {}
): PreparedAction[] {
  if (!Array.isArray(actions) || actions.length === 0) {
    throw new TransactionValidationError(
      ERROR_CODES.emptyTransaction,
      `${operation}: no actions given`
    )
  }
  if (actions.length > MAX_TRANSACTION_ACTIONS) {
    throw new TransactionValidationError(
      ERROR_CODES.tooManyActions,
      `${operation}: ${actions.length} actions, DynamoDB takes at most ${MAX_TRANSACTION_ACTIONS}`
    )
  }
  const prepared = actions.map((action, index) =>
    prepareAction(action, index, allowed, operation, extraParameters)
  )
  assertDistinctItems(prepared, operation)
  assertSizes(prepared, operation)
  return prepared
}

function prepareAction(
  action: unknown,
  index: number,
  allowed: readonly TransactionActionKind[],
  operation: string,
  extraParameters: Stored
): PreparedAction {
  const known = KINDS.find(({ type }) => action instanceof type)
  if (known === undefined || !allowed.includes(known.kind)) {
    throw new TransactionValidationError(
      ERROR_CODES.invalidRequest,
      `${operation}: action ${index} is not one of ${allowed.join(', ')}`,
      { index }
    )
  }
  const entity = (action as TransactWriteAction).entity as Entity
  let params: Stored
  try {
    params = ((action as TransactWriteAction).params() as Record<string, Stored>)[
      known.field
    ] as Stored
  } catch (error) {
    const translated = toMonotableError(error, { entity: entity.entityName, operation })
    if (!(translated instanceof ValidationError)) throw translated
    const problem = problemOf(translated, entity.entityName, operation)
    throw new TransactionValidationError(
      translated.code,
      `${operation}: action ${index} (${entity.entityName}): ${problem}`,
      {
        index,
        entity: entity.entityName,
        ...(translated.attribute === undefined ? {} : { attribute: translated.attribute })
      }
    )
  }
  const withExtras = known.kind === 'get' ? params : { ...extraParameters, ...params }
  return { index, entity, kind: known.kind, item: { [known.field]: withExtras } }
}

function storedKeyOf(action: PreparedAction): Stored {
  const [params] = Object.values(action.item) as [Stored]
  return (action.kind === 'put' ? params.Item : params.Key) as Stored
}

function assertDistinctItems(actions: readonly PreparedAction[], operation: string): void {
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
function assertSizes(actions: readonly PreparedAction[], operation: string): void {
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
