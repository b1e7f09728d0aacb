import {
  dynaliteDb,
  type IndexDescription,
  type Store,
  type StoredItem,
  type TableDescription,
  validationFailure
} from '../dynalite/internals.js'
import { checkExclusiveStartKey, startKeyNamesOf } from './exclusiveStartKey.js'
import { encodeIndexKey } from './indexKeyEncoding.js'
import { checkKeyConditions, type KeyConditions, keyRangeOf } from './keyConditions.js'
import { checkProjectedAttributes } from './projectionChecks.js'

/**
 * A Query on a multi-attribute global secondary index: checked as DynamoDB Local checks it, then
 * read by dynalite's own `queryTable` (limits, 1 MB pages, filters, projections, capacity and
 * LastEvaluatedKey) over the range the key conditions select.
 */
export function queryMultiAttributeIndex(
  store: Store,
  table: TableDescription,
  index: IndexDescription,
  data: Record<string, unknown>
): Promise<Record<string, unknown>> {
  if (data.ConsistentRead) {
    throw validationFailure('Consistent reads are not supported on global secondary indexes')
  }
  const conditions = data.KeyConditions as KeyConditions
  const invalid = checkKeyConditions(table, index, conditions)
  if (invalid) throw invalid
  const startKeyNames = startKeyNamesOf(table, index)
  const startKey = data.ExclusiveStartKey as StoredItem | undefined
  if (startKey !== undefined) {
    const invalidStart = checkExclusiveStartKey(table, startKeyNames, startKey, conditions)
    if (invalidStart) throw invalidStart
  }
  const projection = data._projection as { nestedPaths?: unknown } | undefined
  const invalidPath = dynaliteDb.validateKeyPaths(projection?.nestedPaths, table)
  if (invalidPath) throw invalidPath
  const filter = data._filter as { pathHeads: object; nestedPaths?: unknown } | undefined
  const filtered = Object.keys(filter?.pathHeads ?? data.QueryFilter ?? {})
  const keyFiltered = index.KeySchema.find(key => filtered.includes(key.AttributeName))
  if (keyFiltered !== undefined) {
    throw validationFailure(
      `${filter ? 'Filter Expression' : 'QueryFilter'} can only contain non-primary key attributes: Primary key attribute: ${keyFiltered.AttributeName}`
    )
  }
  if (data.Select === 'ALL_ATTRIBUTES' && index.Projection.ProjectionType !== 'ALL') {
    throw validationFailure(
      `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.IndexName} because its projection type is not ALL`
    )
  }
  const invalidFilterPath = dynaliteDb.validateKeyPaths(filter?.nestedPaths, table)
  if (invalidFilterPath) throw invalidFilterPath
  const unprojected = checkProjectedAttributes(table, index, data)
  if (unprojected) throw unprojected

  const reverse = data.ScanIndexForward === false
  const range: Record<string, unknown> = { ...keyRangeOf(table, index, conditions) }
  if (startKey !== undefined) {
    const after = encodeIndexKey(table, index.KeySchema, startKey)
    if (reverse) {
      range.lt = after
      delete range.lte
    } else {
      range.gt = after
      delete range.gte
    }
  }
  const options = { ...range, reverse, limit: data.Limit ? (data.Limit as number) + 1 : -1 }
  return new Promise((resolve, reject) =>
    dynaliteDb.queryTable(
      store,
      table,
      data,
      options,
      false,
      false,
      startKeyNames,
      (error, result) => (error ? reject(error) : resolve(result ?? {}))
    )
  )
}
