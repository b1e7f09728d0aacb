import { MAX_PARTITION_KEY_BYTES, MAX_SORT_KEY_BYTES } from '../../client/limits.js'
import { numberBytes } from '../../client/numberSize.js'
import {
  type AttributeValue,
  type DynamoFailure,
  type IndexDescription,
  type StoredItem,
  type TableDescription,
  validationFailure
} from '../dynalite/internals.js'
import { attributeTypeOf, keyAttributesOf } from './indexSchema.js'

export const INDEX_KEY_MESSAGES = {
  typeMismatch: 'One or more parameter values were invalid: Type mismatch for Index Key',
  notScalar: 'Invalid attribute value type',
  sizeLimit: 'One or more parameter values were invalid: Size limit exceeded'
} as const

/**
 * A put is checked whole; an update only attribute by attribute, as DynamoDB Local does (it
 * accepts an update whose index key attributes together pass the aggregate size limit).
 */
export type IndexKeyWrite = 'put' | 'update'

/**
 * Checks the values an item gives the key attributes of its table's secondary indexes, in
 * DynamoDB Local's order: index by index, attribute by attribute in key schema order (a value of a
 * non-key type, of the wrong key type, empty, too large), then the aggregate sizes of the index's
 * partition and sort attributes (the key size limits hold for all of them together). Messages name attributes and indexes, never values.
 */
export function checkIndexKeyValues(
  item: StoredItem,
  table: TableDescription,
  write: IndexKeyWrite
): DynamoFailure | undefined {
  for (const index of indexesOf(table)) {
    let hashBytes = 0
    let rangeBytes = 0
    for (const { AttributeName, KeyType } of index.KeySchema) {
      const value = item[AttributeName]
      if (value === undefined) continue
      const type = attributeTypeOf(table, AttributeName)
      const isHash = KeyType === 'HASH'
      const problem = checkKeyValue(value, type, isHash, index, AttributeName, write)
      if (typeof problem === 'string') return validationFailure(problem)
      if (isHash) hashBytes += problem
      else rangeBytes += problem
    }
    if (write === 'put') {
      const aggregate =
        aggregateProblem(index, item, 'HASH', hashBytes, MAX_PARTITION_KEY_BYTES) ??
        aggregateProblem(index, item, 'RANGE', rangeBytes, MAX_SORT_KEY_BYTES)
      if (aggregate !== undefined) return validationFailure(aggregate)
    }
  }
  return undefined
}

export function hasSecondaryIndexes(table: TableDescription): boolean {
  return Boolean(table.GlobalSecondaryIndexes?.length || table.LocalSecondaryIndexes?.length)
}

function indexesOf(table: TableDescription): IndexDescription[] {
  return [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])]
}

/** The value's size in bytes, or what is wrong with it. */
function checkKeyValue(
  value: AttributeValue,
  type: string | undefined,
  isHash: boolean,
  index: IndexDescription,
  attribute: string,
  write: IndexKeyWrite
): number | string {
  const content = type === undefined ? undefined : value[type]
  if (content === undefined) {
    const isScalar = value.S !== undefined || value.N !== undefined || value.B !== undefined
    return isScalar ? INDEX_KEY_MESSAGES.typeMismatch : INDEX_KEY_MESSAGES.notScalar
  }
  const size = valueBytes(content as string, type as string)
  if (size === 0)
    return emptyValueMessage(type === 'B' ? 'binary' : 'string', index, attribute, write)
  return size > (isHash ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES)
    ? INDEX_KEY_MESSAGES.sizeLimit
    : size
}

function valueBytes(content: string, type: string): number {
  if (type === 'S') return Buffer.byteLength(content, 'utf8')
  if (type === 'B') return Buffer.from(content, 'base64').length
  return numberBytes(content)
}

function emptyValueMessage(
  kind: 'string' | 'binary',
  index: IndexDescription,
  attribute: string,
  write: IndexKeyWrite
): string {
  const rule = `The AttributeValue for a key attribute cannot contain an empty ${kind} value.`
  return write === 'put'
    ? `One or more parameter values are not valid. A value specified for a secondary index key is not supported. ${rule} IndexName: ${index.IndexName}, IndexKey: ${attribute}`
    : `One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. ${rule}`
}

function aggregateProblem(
  index: IndexDescription,
  item: StoredItem,
  keyType: 'HASH' | 'RANGE',
  bytes: number,
  limit: number
): string | undefined {
  if (bytes <= limit) return undefined
  const { hash, range } = keyAttributesOf(index.KeySchema)
  const present = (keyType === 'HASH' ? hash : range).filter(name => item[name] !== undefined)
  return `Aggregate size for ${keyType} key attributes ${present.join(', ')} of index ${index.IndexName} has exceeded limit ${limit} bytes, with actual size ${bytes} bytes`
}
