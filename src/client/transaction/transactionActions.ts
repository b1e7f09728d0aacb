import type { Entity } from 'dynamodb-toolbox/entity'
import { ConditionCheck } from 'dynamodb-toolbox/entity/actions/transactCheck'
import { DeleteTransaction } from 'dynamodb-toolbox/entity/actions/transactDelete'
import { GetTransaction } from 'dynamodb-toolbox/entity/actions/transactGet'
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut'
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate'

import {
  ERROR_CODES,
  type FailureExplanation,
  type TransactionActionKind,
  TransactionValidationError,
  ValidationError
} from '../errors/index.js'
import { MAX_TRANSACTION_ACTIONS } from '../limits.js'
import { problemOf, toMonotableError } from '../translateError.js'
import { assertDistinctItems, assertSizes } from './transactionChecks.js'

/** An action built by an entity: `Customer.transactPut(item, { condition })`, `Product.transactCheck(key, condition)`, ... */
export type TransactWriteAction =
  | Pick<
      PutTransaction | UpdateTransaction | DeleteTransaction | ConditionCheck,
      'entity' | 'params'
    >
  | PlannedAction

/** A read built by an entity: `Customer.transactGet(key)`. */
export type TransactGetAction = Pick<GetTransaction, 'entity' | 'params'>

type Stored = Record<string, unknown>

/** What DynamoDB is sent for one action, with what the engine needs to report on it. */
export interface PreparedAction {
  /** The caller's action it comes from (an entity action may make several: unique values). */
  readonly index: number
  readonly entity: Entity
  readonly kind: TransactionActionKind
  /** `{ Put: {...} }`, `{ Update: {...} }`, ...: one TransactItems entry. */
  readonly item: Record<string, Stored>
  /** Why its condition failed, from the item as it was (planned actions). */
  readonly explain?: PlannedPart['explain']
  readonly hideOldItem?: boolean
}

/**
 * An entity action that plans its TransactItems itself: monotable's entities, whose writes carry
 * conditions of their own (existence, versions) and may bring guard items (unique values), which
 * can take a read of the item first.
 */
export interface PlannedAction {
  readonly entity: Entity
  readonly kind: Exclude<TransactionActionKind, 'get'>
  /** The action's own write as far as it is known without the table; checks its input. */
  draft(): PlannedPart
  /** Every part, once what needs a read of the table (the guards of unique values) is known. */
  plan(): Promise<readonly PlannedPart[]>
}

export interface PlannedPart {
  readonly field: 'Put' | 'Update' | 'Delete' | 'ConditionCheck'
  readonly kind: Exclude<TransactionActionKind, 'get'>
  /** The TransactItems entry's parameters (TableName, Item or Key, expressions). */
  readonly params: Stored
  /** Why this part's condition failed, given the item as it was (`undefined`: there was none). */
  explain?(current: Stored | undefined): FailureExplanation
  /**
   * The part asks DynamoDB for the item on a failed condition to explain it, though the caller
   * did not ask to see it: it is not put on the cancellation reason.
   */
  readonly hideOldItem?: boolean
}

/** Single-item call options a TransactItems entry does not take. */
const SINGLE_ITEM_ONLY = ['ReturnValues', 'ReturnConsumedCapacity', 'ReturnItemCollectionMetrics']

/** A PutItem/UpdateItem/DeleteItem's parameters as a TransactItems entry takes them. */
export function asTransactionParams(params: Stored): Stored {
  if (!SINGLE_ITEM_ONLY.some(name => name in params)) return params
  const entry = { ...params }
  for (const name of SINGLE_ITEM_ONLY) delete entry[name]
  return entry
}

export function isPlannedAction(action: unknown): action is PlannedAction {
  return (
    typeof action === 'object' &&
    action !== null &&
    typeof (action as PlannedAction).plan === 'function' &&
    'entity' in action
  )
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
export async function prepareActions(
  actions: readonly unknown[],
  allowed: readonly TransactionActionKind[],
  operation: string,
  extraParameters: Stored = {}
): Promise<PreparedAction[]> {
  if (!Array.isArray(actions) || actions.length === 0) {
    throw new TransactionValidationError(
      ERROR_CODES.emptyTransaction,
      `${operation}: no actions given`
    )
  }
  if (actions.length > MAX_TRANSACTION_ACTIONS) throw tooManyActions(operation, actions.length)
  // Everything that can be checked without the table is, before any read: each action's input,
  // and the transaction's items, their sizes, and that no item comes twice.
  const drafted = actions.map((action, index) =>
    isPlannedAction(action)
      ? asPrepared(action, index, [draftOf(action, index, allowed, operation)], extraParameters)[0]
      : prepareAction(action, index, allowed, operation, extraParameters)
  ) as PreparedAction[]
  assertDistinctItems(drafted, operation)
  assertSizes(drafted, operation)
  if (!actions.some(isPlannedAction)) return drafted
  const prepared = (
    await Promise.all(
      actions.map(async (action, index) =>
        isPlannedAction(action)
          ? asPrepared(action, index, await planOf(action, index, operation), extraParameters)
          : [drafted[index] as PreparedAction]
      )
    )
  ).flat()
  if (prepared.length > MAX_TRANSACTION_ACTIONS) throw tooManyActions(operation, prepared.length)
  assertDistinctItems(prepared, operation)
  assertSizes(prepared, operation)
  return prepared
}

function tooManyActions(operation: string, count: number): TransactionValidationError {
  return new TransactionValidationError(
    ERROR_CODES.tooManyActions,
    `${operation}: ${count} actions (guards of unique values included), DynamoDB takes at most ${MAX_TRANSACTION_ACTIONS}`
  )
}

function draftOf(
  action: PlannedAction,
  index: number,
  allowed: readonly TransactionActionKind[],
  operation: string
): PlannedPart {
  if (!allowed.includes(action.kind)) throw notAllowed(operation, index, allowed)
  try {
    return action.draft()
  } catch (error) {
    throw asActionError(error, action.entity, index, operation)
  }
}

async function planOf(
  action: PlannedAction,
  index: number,
  operation: string
): Promise<readonly PlannedPart[]> {
  try {
    return await action.plan()
  } catch (error) {
    throw asActionError(error, action.entity, index, operation)
  }
}

function asPrepared(
  action: PlannedAction,
  index: number,
  parts: readonly PlannedPart[],
  extraParameters: Stored
): PreparedAction[] {
  return parts.map(part => ({
    index,
    entity: action.entity,
    kind: part.kind,
    item: { [part.field]: { ...extraParameters, ...asTransactionParams(part.params) } },
    ...(part.explain === undefined ? {} : { explain: part.explain }),
    // Asked for the whole transaction, the old item shows whatever the part says.
    ...(part.hideOldItem === true &&
    extraParameters.ReturnValuesOnConditionCheckFailure !== 'ALL_OLD'
      ? { hideOldItem: true }
      : {})
  }))
}

function notAllowed(
  operation: string,
  index: number,
  allowed: readonly TransactionActionKind[]
): TransactionValidationError {
  return new TransactionValidationError(
    ERROR_CODES.invalidRequest,
    `${operation}: action ${index} is not one of ${allowed.join(', ')}`,
    { index }
  )
}

/** A validation error of one action, said again with the action's index. */
function asActionError(error: unknown, entity: Entity, index: number, operation: string): unknown {
  const translated = toMonotableError(error, { entity: entity.entityName, operation })
  if (
    !(translated instanceof ValidationError) ||
    translated instanceof TransactionValidationError
  ) {
    return translated
  }
  const problem = problemOf(translated, entity.entityName, operation)
  return new TransactionValidationError(
    translated.code,
    `${operation}: action ${index} (${entity.entityName}): ${problem}`,
    {
      index,
      entity: entity.entityName,
      ...(translated.attribute === undefined ? {} : { attribute: translated.attribute })
    }
  )
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
    throw notAllowed(operation, index, allowed)
  }
  const entity = (action as { entity: Entity }).entity
  let params: Stored
  try {
    params = ((action as { params(): unknown }).params() as Record<string, Stored>)[
      known.field
    ] as Stored
  } catch (error) {
    throw asActionError(error, entity, index, operation)
  }
  const withExtras = known.kind === 'get' ? params : { ...extraParameters, ...params }
  return { index, entity, kind: known.kind, item: { [known.field]: withExtras } }
}
