/** A global secondary index key: at most four partition and four sort attributes. */
export const MAX_INDEX_PARTITION_ATTRIBUTES = 4
export const MAX_INDEX_SORT_ATTRIBUTES = 4

interface KeySchemaInput {
  AttributeName?: unknown
  KeyType?: unknown
}

/**
 * Checks a global secondary index's key schema as DynamoDB Local 3.3.0 does for CreateTable and
 * UpdateTable, in its order: not empty, at most eight elements, no name twice, every HASH before
 * every RANGE, a HASH at all, at most four of each, every attribute defined. Returns Local's
 * message for the first rule broken.
 */
export function checkGlobalIndexKeySchema(
  keySchema: readonly KeySchemaInput[],
  definedNames: ReadonlySet<string>
): string | undefined {
  if (keySchema.length === 0) return KEY_SCHEMA_MESSAGES.empty
  if (keySchema.length > MAX_INDEX_PARTITION_ATTRIBUTES + MAX_INDEX_SORT_ATTRIBUTES) {
    return KEY_SCHEMA_MESSAGES.tooBig
  }
  const names = keySchema.map(key => String(key.AttributeName))
  if (new Set(names).size !== names.length) return KEY_SCHEMA_MESSAGES.sameName
  const isHash = keySchema.map(key => key.KeyType === 'HASH')
  if (isHash.some((hash, index) => hash && index > 0 && !isHash[index - 1])) {
    return KEY_SCHEMA_MESSAGES.order
  }
  const hashCount = isHash.filter(Boolean).length
  if (hashCount === 0) return KEY_SCHEMA_MESSAGES.noHash
  if (hashCount > MAX_INDEX_PARTITION_ATTRIBUTES) return KEY_SCHEMA_MESSAGES.tooManyPartition
  if (keySchema.length - hashCount > MAX_INDEX_SORT_ATTRIBUTES) {
    return KEY_SCHEMA_MESSAGES.tooManySort
  }
  const undefinedName = names.find(name => !definedNames.has(name))
  return undefinedName === undefined
    ? undefined
    : `Attribute ${undefinedName} is not defined in AttributeDefinitions`
}

export const KEY_SCHEMA_MESSAGES = {
  empty:
    'No defined key schema.  A key schema containing at least a hash key must be defined for all tables',
  tooBig:
    'Key Schema too big.  Key Schema must at most consist of the hash and range key of a table',
  sameName: 'Two keys can not have the same name',
  order:
    'Invalid key order. Hash Key must be specified first in key schema, Range Key must be specifed second',
  noHash: 'No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key',
  tooManyPartition: 'Too many partition keys. GSI can have at most 4 partition keys',
  tooManySort: 'Too many sort keys. GSI can have at most 4 sort keys',
  sameAttributeTwice: 'Cannot have two attributes with the same name',
  unusedDefinitions:
    'The number of attributes in key schema must match the number of attributes defined in attribute definitions.'
} as const
