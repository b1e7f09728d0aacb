import { checkIndexKeyValues, hasSecondaryIndexes } from '../indexes/indexKeyValues.js'
import { dynaliteDb, type TableDescription } from './internals.js'
import { requestOf } from './requestOfStore.js'

/**
 * DynamoDB rejects a write that gives an index key attribute a value of another type, an empty
 * value or one over the key size limits; dynalite checks the type only, and for an UpdateItem
 * before its condition, where DynamoDB Local checks the updated item after it (a failed condition
 * wins). So: `validateItem` (PutItem, BatchWriteItem, transactions) checks the table key as
 * dynalite does and the index keys as DynamoDB Local does; `validateUpdates` keeps dynalite's
 * checks but the index types; and an UpdateItem's new item is checked where it is handed to
 * `updateIndexes`, before anything is stored. Tables without secondary indexes take dynalite's
 * path unchanged.
 */
export function checkIndexKeysOnWrite(): void {
  const validateItem = dynaliteDb.validateItem as typeof dynaliteDb.validateItem & {
    [PATCHED]?: true
  }
  if (validateItem[PATCHED]) return
  const validateUpdates = dynaliteDb.validateUpdates
  const updateIndexes = dynaliteDb.updateIndexes

  const checkedValidateItem: typeof dynaliteDb.validateItem = (item, table) =>
    hasSecondaryIndexes(table)
      ? (validateItem(item, withoutIndexes(table)) ?? checkIndexKeyValues(item, table, 'put'))
      : validateItem(item, table)
  Object.defineProperty(checkedValidateItem, PATCHED, { value: true })
  dynaliteDb.validateItem = checkedValidateItem

  dynaliteDb.validateUpdates = (attributeUpdates, expressionUpdates, table) =>
    hasSecondaryIndexes(table)
      ? (validateUpdates(attributeUpdates, expressionUpdates, withoutIndexes(table)) ??
        dynaliteDb.validateKeyPaths(
          (expressionUpdates as { nestedPaths?: unknown } | undefined)?.nestedPaths,
          table
        ))
      : validateUpdates(attributeUpdates, expressionUpdates, table)

  // Puts were checked whole by validateItem; only an update (whose request rides on the store)
  // has a new item to check here.
  dynaliteDb.updateIndexes = (store, table, before, after, done) => {
    const invalid =
      after && requestOf(store) !== undefined && hasSecondaryIndexes(table)
        ? checkIndexKeyValues(after, table, 'update')
        : undefined
    if (invalid !== undefined) return done(invalid)
    updateIndexes(store, table, before, after, done)
  }
}

function withoutIndexes(table: TableDescription): TableDescription {
  return { ...table, GlobalSecondaryIndexes: undefined, LocalSecondaryIndexes: undefined }
}

const PATCHED = Symbol.for('monotable.indexKeyChecks')
