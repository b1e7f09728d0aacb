import {
  dynaliteDb,
  type DynamoFailure,
  type IndexDescription,
  type StoredItem,
  type TableDescription,
  validationFailure
} from '../dynalite/internals.js'
import type { KeyConditions } from './keyConditions.js'
import { attributeTypeOf } from './indexSchema.js'

/** The attributes a page of an index ends on: the table's key, then the index's own. */
export function startKeyNamesOf(table: TableDescription, index: IndexDescription): string[] {
  return [...new Set([...table.KeySchema, ...index.KeySchema].map(key => key.AttributeName))]
}

/**
 * An ExclusiveStartKey for a multi-attribute index names exactly the table's and the index's key
 * attributes, with values of their types, and (for a Query) satisfies every key condition, as
 * DynamoDB Local requires. It need not be the key of an existing item.
 */
export function checkExclusiveStartKey(
  table: TableDescription,
  names: readonly string[],
  startKey: StoredItem,
  conditions: KeyConditions
): DynamoFailure | undefined {
  const given = Object.keys(startKey)
  if (given.length !== names.length || names.some(name => startKey[name] === undefined)) {
    return validationFailure('The provided starting key is invalid')
  }
  for (const name of names) {
    const type = attributeTypeOf(table, name)
    if (type === undefined || (startKey[name] as StoredItem[string])[type] === undefined) {
      return validationFailure(
        'The provided starting key is invalid: The provided key element does not match the schema'
      )
    }
  }
  for (const [name, { ComparisonOperator, AttributeValueList = [] }] of Object.entries(
    conditions
  )) {
    if (!dynaliteDb.compare(ComparisonOperator, startKey[name], AttributeValueList)) {
      return validationFailure('The provided starting key does not match the range key predicate')
    }
  }
  return undefined
}
