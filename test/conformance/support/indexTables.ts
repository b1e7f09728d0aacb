import { setTimeout as sleep } from 'node:timers/promises'

import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type ScalarAttributeType
} from '@aws-sdk/client-dynamodb'

/** DynamoDB Local takes about a second to make a new index ACTIVE; never wait for ever. */
const ACTIVE_TIMEOUT_MS = 20_000
const POLL_INTERVAL_MS = 50

export const hash = (AttributeName: string): KeySchemaElement => ({
  AttributeName,
  KeyType: 'HASH'
})
export const range = (AttributeName: string): KeySchemaElement => ({
  AttributeName,
  KeyType: 'RANGE'
})

export function definitions(types: Record<string, ScalarAttributeType>): AttributeDefinition[] {
  return Object.entries(types).map(([AttributeName, AttributeType]) => ({
    AttributeName,
    AttributeType
  }))
}

export function index(
  IndexName: string,
  KeySchema: KeySchemaElement[],
  Projection: GlobalSecondaryIndex['Projection'] = { ProjectionType: 'ALL' }
): GlobalSecondaryIndex {
  return { IndexName, KeySchema, Projection }
}

export interface IndexedTable {
  /** Types of the index key attributes (the table's `pk` and `sk` are strings). */
  attributes: Record<string, ScalarAttributeType>
  indexes: GlobalSecondaryIndex[]
  /** A table keyed on `pk` alone. */
  hashOnly?: boolean
}

/** Creates an on-demand table keyed on `pk` (S) [+ `sk` (S)] with these indexes, ACTIVE. */
export async function createIndexedTable(
  client: DynamoDBClient,
  TableName: string,
  { attributes, indexes, hashOnly = false }: IndexedTable
): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: definitions({
        pk: 'S',
        ...(hashOnly ? {} : { sk: 'S' }),
        ...attributes
      }),
      KeySchema: hashOnly ? [hash('pk')] : [hash('pk'), range('sk')],
      ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {})
    })
  )
  await waitUntilActive(client, TableName)
}

/** Waits until the table and every one of its indexes are ACTIVE (none being deleted). */
export async function waitUntilActive(client: DynamoDBClient, TableName: string): Promise<void> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName }))
    const indexes = Table?.GlobalSecondaryIndexes ?? []
    if (Table?.TableStatus === 'ACTIVE' && indexes.every(one => one.IndexStatus === 'ACTIVE')) {
      return
    }
    if (Date.now() > deadline) throw new Error(`table ${TableName} did not become ACTIVE`)
    await sleep(POLL_INTERVAL_MS)
  }
}

/** Waits until a deleted index is gone from the table's description. */
export async function waitUntilIndexGone(
  client: DynamoDBClient,
  TableName: string,
  IndexName: string
): Promise<void> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName }))
    if (!Table?.GlobalSecondaryIndexes?.some(one => one.IndexName === IndexName)) return
    if (Date.now() > deadline) throw new Error(`index ${IndexName} of ${TableName} stayed`)
    await sleep(POLL_INTERVAL_MS)
  }
}

/** What a scenario compares of a table's description: its key attributes and indexes. */
export async function describeIndexes(client: DynamoDBClient, TableName: string) {
  const { Table } = await client.send(new DescribeTableCommand({ TableName }))
  return {
    AttributeDefinitions: Table?.AttributeDefinitions,
    GlobalSecondaryIndexes: Table?.GlobalSecondaryIndexes?.map(summary)
  }
}

export function summary(description: {
  IndexName?: string
  KeySchema?: KeySchemaElement[]
  Projection?: GlobalSecondaryIndex['Projection']
  IndexStatus?: string
  Backfilling?: boolean
}) {
  const { IndexName, KeySchema, Projection, IndexStatus, Backfilling } = description
  return { IndexName, KeySchema, Projection, IndexStatus, Backfilling }
}
