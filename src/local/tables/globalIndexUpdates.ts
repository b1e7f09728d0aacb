import {
  failure,
  type IndexDescription,
  type Store,
  type TableDescription,
  validationFailure
} from '../dynalite/internals.js'
import { backfillIndex } from './indexBackfill.js'
import { javaHashMapOrder } from './javaHashMapOrder.js'
import { checkGlobalIndexKeySchema } from './keySchemaRules.js'

type AttributeDefinition = TableDescription['AttributeDefinitions'][number]

export interface IndexCreation {
  IndexName: string
  KeySchema: IndexDescription['KeySchema']
  Projection: IndexDescription['Projection']
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number }
}

export const INDEX_UPDATE_MESSAGES = {
  exists: 'Attempting to create an index which already exists',
  noDefinitions: 'No Attribute Schema Defined',
  redefined:
    'invalid attribute, SchemaElement redefined should be of same type as previously defined',
  nonKeyAttributes:
    'No attributes should be specified to be projected unless projection type is INCLUDE',
  tooMany:
    'One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of 20',
  oneAtATime:
    'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table',
  missing: 'Requested resource not found'
} as const

const MAX_GLOBAL_INDEXES = 20

/**
 * Adds a global secondary index to a table and fills it with the existing items, checked as
 * DynamoDB Local checks it. The index is ACTIVE once this resolves, as tables of the embedded
 * backend are at once; the description returned shows it as DynamoDB Local's UpdateTable answers,
 * CREATING and not yet backfilling.
 */
export async function createGlobalIndex(
  store: Store,
  table: TableDescription,
  creation: IndexCreation,
  definitions: readonly AttributeDefinition[] | undefined
): Promise<TableDescription> {
  const existing = [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])]
  if (existing.some(index => index.IndexName === creation.IndexName)) {
    throw validationFailure(INDEX_UPDATE_MESSAGES.exists)
  }
  if (definitions === undefined || definitions.length === 0) {
    throw validationFailure(INDEX_UPDATE_MESSAGES.noDefinitions)
  }
  const merged = mergeDefinitions(table.AttributeDefinitions, definitions)
  const keyProblem = checkGlobalIndexKeySchema(
    creation.KeySchema,
    new Set(merged.map(definition => definition.AttributeName))
  )
  if (keyProblem !== undefined) throw validationFailure(keyProblem)
  const { ProjectionType, NonKeyAttributes } = creation.Projection
  if (NonKeyAttributes !== undefined && ProjectionType !== 'INCLUDE') {
    throw validationFailure(INDEX_UPDATE_MESSAGES.nonKeyAttributes)
  }
  if ((table.GlobalSecondaryIndexes?.length ?? 0) >= MAX_GLOBAL_INDEXES) {
    throw validationFailure(INDEX_UPDATE_MESSAGES.tooMany)
  }

  const index: IndexDescription = {
    IndexName: creation.IndexName,
    KeySchema: creation.KeySchema,
    Projection: creation.Projection,
    IndexStatus: 'ACTIVE',
    IndexSizeBytes: 0,
    ItemCount: 0,
    IndexArn: `${String(table.TableArn)}/index/${creation.IndexName}`,
    ProvisionedThroughput: {
      ReadCapacityUnits: creation.ProvisionedThroughput?.ReadCapacityUnits ?? 0,
      WriteCapacityUnits: creation.ProvisionedThroughput?.WriteCapacityUnits ?? 0,
      NumberOfDecreasesToday: 0
    }
  }
  const updated: TableDescription = {
    ...table,
    AttributeDefinitions: merged,
    GlobalSecondaryIndexes: indexesInMapOrder([...(table.GlobalSecondaryIndexes ?? []), index])
  }
  try {
    await backfillIndex(store, updated, index)
  } catch (error) {
    await deleteIndexDb(store, table.TableName, index.IndexName)
    throw error
  }
  await putTable(store, updated)
  // Local answers a new index without its size and count.
  return describeWith(
    updated,
    index.IndexName,
    ({ IndexSizeBytes: _size, ItemCount: _count, ...rest }) => ({
      ...rest,
      IndexStatus: 'CREATING',
      Backfilling: false
    })
  )
}

/**
 * Removes a global secondary index and its entries, and the attribute definitions no key uses
 * any more. The description returned shows it as DynamoDB Local answers, DELETING.
 */
export async function deleteGlobalIndex(
  store: Store,
  table: TableDescription,
  indexName: string
): Promise<TableDescription> {
  const index = table.GlobalSecondaryIndexes?.find(candidate => candidate.IndexName === indexName)
  if (index === undefined) throw failure('ResourceNotFoundException', INDEX_UPDATE_MESSAGES.missing)
  const remaining = (table.GlobalSecondaryIndexes ?? []).filter(other => other !== index)
  const updated: TableDescription = {
    ...table,
    GlobalSecondaryIndexes: remaining.length > 0 ? indexesInMapOrder(remaining) : undefined
  }
  const used = usedNames(updated)
  updated.AttributeDefinitions = definitionsInMapOrder(
    table.AttributeDefinitions.filter(definition => used.has(definition.AttributeName))
  )
  await putTable(store, updated)
  await deleteIndexDb(store, table.TableName, indexName)
  const response = { ...updated, GlobalSecondaryIndexes: table.GlobalSecondaryIndexes }
  return describeWith(response, indexName, current => ({
    ...current,
    IndexStatus: 'DELETING',
    IndexSizeBytes: 0,
    ItemCount: 0
  }))
}

/** The table's definitions with the new ones added; a name defined again keeps its type. */
function mergeDefinitions(
  current: readonly AttributeDefinition[],
  added: readonly AttributeDefinition[]
): AttributeDefinition[] {
  const merged = [...current]
  for (const definition of added) {
    const known = merged.find(other => other.AttributeName === definition.AttributeName)
    if (known === undefined) merged.push(definition)
    else if (known.AttributeType !== definition.AttributeType) {
      throw validationFailure(INDEX_UPDATE_MESSAGES.redefined)
    }
  }
  return definitionsInMapOrder(merged)
}

function usedNames(table: TableDescription): Set<string> {
  return new Set(
    [
      table.KeySchema,
      ...(table.GlobalSecondaryIndexes ?? []).map(index => index.KeySchema),
      ...(table.LocalSecondaryIndexes ?? []).map(index => index.KeySchema)
    ].flatMap(keySchema => keySchema.map(key => key.AttributeName))
  )
}

function indexesInMapOrder(indexes: readonly IndexDescription[]): IndexDescription[] {
  return javaHashMapOrder(indexes, index => index.IndexName)
}

function definitionsInMapOrder(definitions: readonly AttributeDefinition[]): AttributeDefinition[] {
  return javaHashMapOrder(definitions, definition => definition.AttributeName)
}

function describeWith(
  table: TableDescription,
  indexName: string,
  describe: (index: IndexDescription) => Record<string, unknown>
): TableDescription {
  return {
    ...table,
    GlobalSecondaryIndexes: table.GlobalSecondaryIndexes?.map(index =>
      index.IndexName === indexName ? (describe(index) as IndexDescription) : index
    )
  }
}

function putTable(store: Store, table: TableDescription): Promise<void> {
  return new Promise((resolve, reject) =>
    store.tableDb.put(table.TableName, table, error => (error ? reject(error) : resolve()))
  )
}

function deleteIndexDb(store: Store, tableName: string, indexName: string): Promise<void> {
  return new Promise((resolve, reject) =>
    store.deleteIndexDb('global', tableName, indexName, error =>
      error ? reject(error) : resolve()
    )
  )
}
