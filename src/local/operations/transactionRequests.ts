import { MAX_TRANSACTION_ACTIONS } from '../../client/limits.js'
import {
  type ActionName,
  dynaliteDb,
  keyOf,
  type Store,
  type StoredItem,
  type TableDescription,
  validateRequest,
  validationFailure
} from '../dynalite/internals.js'
import { INDEX_KEY_MESSAGES } from '../indexes/indexKeyValues.js'
import { updatedIndexKeyTypes } from '../indexes/updatedIndexKeys.js'
import { lengthConstraint, LOCAL_MESSAGES } from '../localErrors.js'
import { sortIncomingSets } from '../sets/incomingSets.js'
import type { Request } from './context.js'
import { getExistingTable } from './existingTable.js'

export type TransactionActionType = 'ConditionCheck' | 'Put' | 'Update' | 'Delete' | 'Get'

/** One action of a transaction, checked and parsed as dynalite checks a single-item request. */
export interface TransactionAction {
  readonly type: TransactionActionType
  readonly table: TableDescription
  /** Validated request data for dynalite's action (`putItem`, `updateItem`, ...). */
  readonly data: Record<string, unknown>
  readonly key: StoredItem
  readonly returnOldItem: boolean
  /**
   * The write gives an index key attribute a value of another key type: DynamoDB Local cancels
   * the transaction with a ValidationError reason for it rather than rejecting the request.
   */
  readonly indexKeyMismatch: boolean
}

/** The dynalite request each action type is checked as; ConditionCheck reads like a DeleteItem. */
const CHECKED_AS: Record<TransactionActionType, ActionName> = {
  ConditionCheck: 'deleteItem',
  Put: 'putItem',
  Update: 'updateItem',
  Delete: 'deleteItem',
  Get: 'getItem'
}

/**
 * Checks a transaction's actions before anything is read or written, in the order DynamoDB
 * reports problems: the list's length, one action per entry, each action's own parameters and
 * expressions, the tables, the keys, and no item twice.
 */
export async function parseTransaction(
  store: Store,
  request: Request,
  allowed: readonly TransactionActionType[]
): Promise<TransactionAction[]> {
  const entries = request.TransactItems
  if (!Array.isArray(entries)) {
    throw validationFailure(
      "The parameter 'TransactItems' is required but was not present in the request"
    )
  }
  if (entries.length < 1) throw validationFailure(lengthConstraint('transactItems', '[]', 'min', 1))
  if (entries.length > MAX_TRANSACTION_ACTIONS) {
    throw validationFailure(
      lengthConstraint('transactItems', `[${entries.length} items]`, 'max', MAX_TRANSACTION_ACTIONS)
    )
  }

  const parsed = entries.map((entry: unknown, position) => {
    const present = allowed.filter(
      type => (entry as Record<string, unknown> | null)?.[type] != null
    )
    if (present.length !== 1) throw validationFailure(LOCAL_MESSAGES.oneActionPerItem)
    const type = present[0] as TransactionActionType
    const action = (entry as Record<string, Record<string, unknown>>)[type] as Record<
      string,
      unknown
    >
    if (type === 'ConditionCheck' && action.ConditionExpression == null) {
      throw validationFailure(
        `1 validation error detected: Value null at 'transactItems.${position + 1}.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null`
      )
    }
    const data = validateRequest(store, CHECKED_AS[type], action)
    sortIncomingSets(data)
    return { type, action, data }
  })

  const actions: TransactionAction[] = []
  for (const { type, action, data } of parsed) {
    const table = await getExistingTable(store, data.TableName as string)
    const key = type === 'Put' ? keyOf(table, data.Item as StoredItem) : (data.Key as StoredItem)
    const invalid =
      type === 'Put'
        ? dynaliteDb.validateItem(data.Item as StoredItem, table)
        : dynaliteDb.validateKey(key, table)
    const putMismatch = invalid?.body.message === INDEX_KEY_MESSAGES.typeMismatch
    if (invalid && !putMismatch) throw invalid
    const updateTypes = type === 'Update' ? updatedIndexKeyTypes(table, data) : undefined
    if (updateTypes !== undefined && updateTypes !== 'mismatch') throw updateTypes
    actions.push({
      type,
      table,
      data,
      key,
      returnOldItem: action.ReturnValuesOnConditionCheckFailure === 'ALL_OLD',
      indexKeyMismatch: putMismatch || updateTypes === 'mismatch'
    })
  }

  const seen = new Set<string>()
  for (const { table, key } of actions) {
    const identity = `${table.TableName}\u0000${dynaliteDb.createKey(key, table)}`
    if (seen.has(identity)) throw validationFailure(LOCAL_MESSAGES.sameItemTwice)
    seen.add(identity)
  }
  return actions
}
