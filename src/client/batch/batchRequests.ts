import type { Entity } from 'dynamodb-toolbox/entity'
import { BatchDeleteRequest } from 'dynamodb-toolbox/entity/actions/batchDelete'
import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet'
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut'

import { BatchValidationError, ERROR_CODES, ValidationError } from '../errors/index.js'
import { problemOf, toMonotableError } from '../translateError.js'
import { measureItem } from '../itemSize.js'
import { projectionOf } from '../projections.js'
import { MAX_ITEM_BYTES } from '../limits.js'
import type { BatchEntry } from './runBatch.js'

/** A put or delete built by an entity: `Customer.batchPut(item)`, `Order.batchDelete(key)`. */
export type BatchWriteRequest = Pick<BatchPutRequest | BatchDeleteRequest, 'entity' | 'params'>

/** A key to read, built by an entity: `Customer.batchGet(key)`. */
export type BatchGetKeyRequest = Pick<BatchGetRequest, 'entity' | 'params'>

export type WriteRequestParams =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } }

export interface WriteEntry extends BatchEntry {
  readonly request: BatchWriteRequest
  readonly params: WriteRequestParams
}

export interface GetEntry extends BatchEntry {
  readonly key: Record<string, unknown>
  /** Every input index that asked for this key. */
  readonly indexes: number[]
  /** The attributes each of those asked for (`undefined`: the whole item), by position. */
  readonly projections: (readonly string[] | undefined)[]
}

/** Parses a write request with its entity's schema and checks it against DynamoDB's limits. */
export function prepareWrite(request: unknown, index: number, operation: string): WriteEntry {
  const isPut = request instanceof BatchPutRequest
  if (!isPut && !(request instanceof BatchDeleteRequest)) {
    throw new BatchValidationError(
      ERROR_CODES.invalidRequest,
      `${operation}: request ${index} is not a batchPut or batchDelete request`,
      index
    )
  }
  const entity = request.entity as Entity
  const params = parseRequest(
    () => request.params() as WriteRequestParams,
    entity,
    index,
    operation
  )
  const stored = 'PutRequest' in params ? params.PutRequest.Item : params.DeleteRequest.Key
  const { itemBytes, wireBytes } = measureItem(stored)
  if (isPut && itemBytes > MAX_ITEM_BYTES) {
    throw new BatchValidationError(
      ERROR_CODES.itemTooLarge,
      `${operation}: request ${index} (${entity.entityName}) is ${itemBytes} bytes, over DynamoDB's ${MAX_ITEM_BYTES}-byte item limit`,
      index,
      { entity: entity.entityName }
    )
  }
  return {
    index,
    request,
    entity,
    params,
    table: entity.table.getName(),
    keyId: keyIdOf(entity, stored, index, operation),
    wireBytes,
    attempts: 0,
    notBefore: 0,
    mayHaveBeenApplied: false
  }
}

/** Parses a get request's key; gets with the same table and key share one entry. */
export function prepareGet(request: unknown, index: number, operation: string): GetEntry {
  if (!(request instanceof BatchGetRequest)) {
    throw new BatchValidationError(
      ERROR_CODES.invalidRequest,
      `${operation}: request ${index} is not a batchGet request`,
      index
    )
  }
  const entity: Entity = request.entity
  const key = parseRequest(
    () => request.params() as Record<string, unknown>,
    entity,
    index,
    operation
  )
  return {
    index,
    indexes: [index],
    projections: [projectionOf(request)],
    entity,
    key,
    table: entity.table.getName(),
    keyId: keyIdOf(entity, key, index, operation),
    wireBytes: 0,
    attempts: 0,
    notBefore: 0,
    mayHaveBeenApplied: false
  }
}

/**
 * The sent entries that items or keys DynamoDB handed back stand for, matched by table and key.
 * `undefined` when one cannot be matched: then nothing in the call can be trusted as processed.
 */
export function matchReturned<ENTRY extends BatchEntry>(
  returned: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>,
  sent: readonly ENTRY[]
): ENTRY[] | undefined {
  const byKey = new Map(sent.map(entry => [entry.keyId, entry]))
  const matched: ENTRY[] = []
  for (const [table, stored] of Object.entries(returned)) {
    const entity = sent.find(entry => entry.table === table)?.entity
    for (const item of stored) {
      const entry = entity === undefined ? undefined : byKey.get(keyIdOfStored(entity, table, item))
      if (entry === undefined) return undefined
      matched.push(entry)
    }
  }
  return matched
}

/** The id of an item or key as DynamoDB returns it (see {@link keyIdOf}). */
export function keyIdOfStored(
  entity: Entity,
  table: string,
  stored: Readonly<Record<string, unknown>>
): string {
  const { partitionKey, sortKey } = entity.table
  return storedKeyId(
    table,
    stored[partitionKey.name],
    sortKey === undefined ? null : stored[sortKey.name]
  )
}

/** Table and primary-key values, how DynamoDB tells items apart; a missing key value is refused. */
export function keyIdOf(
  entity: Entity,
  stored: Readonly<Record<string, unknown>>,
  index: number,
  operation: string
): string {
  const { partitionKey, sortKey } = entity.table
  const missing =
    stored[partitionKey.name] === undefined
      ? partitionKey.name
      : sortKey !== undefined && stored[sortKey.name] === undefined
        ? sortKey.name
        : undefined
  if (missing !== undefined) {
    throw new BatchValidationError(
      ERROR_CODES.invalidKey,
      `${operation}: request ${index} (${entity.entityName}) has no value for key attribute '${missing}'`,
      index,
      { entity: entity.entityName, attribute: missing }
    )
  }
  return keyIdOfStored(entity, entity.table.getName(), stored)
}

function storedKeyId(table: string, partition: unknown, sort: unknown): string {
  // String keys (the common case) are length-prefixed, which keeps the id unambiguous cheaply.
  if (typeof partition === 'string' && typeof sort === 'string') {
    return `${table}|${partition.length}|${partition}|${sort}`
  }
  return JSON.stringify([table, keyValue(partition), keyValue(sort)])
}

/** Binary keys compare by content; strings and numbers as themselves. */
function keyValue(value: unknown): unknown {
  return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value
}

function parseRequest<RESULT>(
  parse: () => RESULT,
  entity: Entity,
  index: number,
  operation: string
): RESULT {
  try {
    return parse()
  } catch (error) {
    const translated = toMonotableError(error, { entity: entity.entityName, operation })
    if (!(translated instanceof ValidationError)) throw translated
    const problem = problemOf(translated, entity.entityName, operation)
    throw new BatchValidationError(
      translated.code,
      `${operation}: request ${index} (${entity.entityName}): ${problem}`,
      index,
      {
        entity: entity.entityName,
        ...(translated.attribute === undefined ? {} : { attribute: translated.attribute })
      }
    )
  }
}
