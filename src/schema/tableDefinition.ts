import type {
  AttributeDefinition,
  CreateTableCommandInput,
  GlobalSecondaryIndex,
  KeySchemaElement,
  LocalSecondaryIndex,
  ScalarAttributeType
} from '@aws-sdk/client-dynamodb'
import type { Table } from 'dynamodb-toolbox/table'

import { ERROR_CODES, ValidationError } from '../client/errors/index.js'

type ToolboxKey = { name: string; type: 'string' | 'number' | 'binary' }

const ATTRIBUTE_TYPES: Record<ToolboxKey['type'], ScalarAttributeType> = {
  string: 'S',
  number: 'N',
  binary: 'B'
}

/**
 * The CreateTable input a table declaration implies: its keys, one attribute definition per key
 * attribute, every index with projection ALL, and on-demand billing.
 */
export function tableDefinition(table: Table): CreateTableCommandInput {
  const attributes = new Map<string, ScalarAttributeType>()
  const keySchema = (partitionKey: ToolboxKey, sortKey?: ToolboxKey): KeySchemaElement[] => {
    const keys: KeySchemaElement[] = [{ AttributeName: partitionKey.name, KeyType: 'HASH' }]
    attributes.set(partitionKey.name, ATTRIBUTE_TYPES[partitionKey.type])
    if (sortKey !== undefined) {
      keys.push({ AttributeName: sortKey.name, KeyType: 'RANGE' })
      attributes.set(sortKey.name, ATTRIBUTE_TYPES[sortKey.type])
    }
    return keys
  }

  const KeySchema = keySchema(table.partitionKey, table.sortKey)
  const globalIndexes: GlobalSecondaryIndex[] = []
  const localIndexes: LocalSecondaryIndex[] = []
  for (const [IndexName, index] of Object.entries(table.indexes)) {
    const Projection = { ProjectionType: 'ALL' as const }
    if (index.type === 'local') {
      localIndexes.push({
        IndexName,
        KeySchema: keySchema(table.partitionKey, index.sortKey),
        Projection
      })
      continue
    }
    if (index.partitionKey === undefined || index.sortKeys !== undefined) {
      throw new ValidationError(
        ERROR_CODES.invalidDeclaration,
        `Index '${IndexName}': multi-attribute GSI keys are not supported`
      )
    }
    globalIndexes.push({
      IndexName,
      KeySchema: keySchema(index.partitionKey, index.sortKey),
      Projection
    })
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
