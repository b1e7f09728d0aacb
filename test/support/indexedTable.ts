import { setTimeout as sleep } from 'node:timers/promises'

import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient
} from '@aws-sdk/client-dynamodb'

const TABLE_READY_TIMEOUT_MS = 10_000

/**
 * Creates a table keyed on string `pk` + `sk`, with a global secondary index `byG` (hash `g`) and
 * a local one `byL` (range `l`), both projecting everything, and waits until it is ACTIVE. Tests
 * use it to see index entries come and go with their items.
 */
export async function createIndexedTable(client: DynamoDBClient, TableName: string): Promise<void> {
  const Projection = { ProjectionType: 'ALL' } as const
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['pk', 'sk', 'g', 'l'].map(AttributeName => ({
        AttributeName,
        AttributeType: 'S'
      })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' }
      ],
      GlobalSecondaryIndexes: [
        { IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection }
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'byL',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'l', KeyType: 'RANGE' }
          ],
          Projection
        }
      ]
    })
  )
  // The embedded backend makes tables ACTIVE on its next turn, not within CreateTable.
  const deadline = Date.now() + TABLE_READY_TIMEOUT_MS
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName }))
    if (Table?.TableStatus === 'ACTIVE') return
    if (Date.now() > deadline) throw new Error(`table ${TableName} did not become ACTIVE`)
    await sleep(5)
  }
}
