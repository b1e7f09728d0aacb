import type {
  AttributeDefinition,
  CreateTableCommandInput,
  GlobalSecondaryIndex,
  KeySchemaElement,
  LocalSecondaryIndex,
  Projection,
  ScalarAttributeType
} from '@aws-sdk/client-dynamodb'
import type { Table } from 'dynamodb-toolbox/table'

import { ERROR_CODES, ValidationError } from '../client/errors/index.js'
import type { IndexProjectionValue } from './indexDeclarations.js'
import { indexKeySchema, type KeyAttribute, tableIndex } from './tableIndexes.js'

const ATTRIBUTE_TYPES: Record<KeyAttribute['type'], ScalarAttributeType> = {
  string: 'S',
  number: 'N',
  binary: 'B'
}

/**
 * The CreateTable input a table declaration implies: its keys, one attribute definition per key
 * attribute, every index with its key schema and projection, and on-demand billing.
 */
export function tableDefinition(table: Table): CreateTableCommandInput {
  const attributes = new Map<string, ScalarAttributeType>()
  const keySchema = (
    partition: readonly KeyAttribute[],
    sort: readonly KeyAttribute[]
  ): KeySchemaElement[] => {
    for (const key of [...partition, ...sort]) attributes.set(key.name, ATTRIBUTE_TYPES[key.type])
    return [
      ...partition.map(key => ({ AttributeName: key.name, KeyType: 'HASH' as const })),
      ...sort.map(key => ({ AttributeName: key.name, KeyType: 'RANGE' as const }))
    ]
  }

  const KeySchema = keySchema(
    [table.partitionKey],
    table.sortKey === undefined ? [] : [table.sortKey]
  )
  const globalIndexes: GlobalSecondaryIndex[] = []
  const localIndexes: LocalSecondaryIndex[] = []
  for (const IndexName of Object.keys(table.indexes)) {
    const index = tableIndex(table, IndexName)
    if (index === undefined) {
      throw new ValidationError(
        ERROR_CODES.invalidDeclaration,
        `Index '${IndexName}' was not declared with defineTable()`
      )
    }
    const { partition, sort } = indexKeySchema(index, table.partitionKey)
    const definition = {
      IndexName,
      KeySchema: keySchema(partition, sort),
      Projection: projectionOf(index.projection)
    }
    if (index.type === 'local') localIndexes.push(definition)
    else globalIndexes.push(definition)
  }

  const AttributeDefinitions: AttributeDefinition[] = [...attributes].map(
    ([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })
  )
  return {
    TableName: table.getName(),
    KeySchema,
    AttributeDefinitions,
    BillingMode: 'PAY_PER_REQUEST',
    ...(globalIndexes.length > 0 ? { GlobalSecondaryIndexes: globalIndexes } : {}),
    ...(localIndexes.length > 0 ? { LocalSecondaryIndexes: localIndexes } : {})
  }
}

function projectionOf(projection: IndexProjectionValue): Projection {
  if (projection === 'ALL' || projection === 'KEYS_ONLY') return { ProjectionType: projection }
  return { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projection] }
}
