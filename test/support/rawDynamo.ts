import { setTimeout as sleep } from 'node:timers/promises'

import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'

const TABLE_READY_TIMEOUT_MS = 10_000

/**
 * A plain SDK client with no retries and no monotable in between: what the backend tests use to
 * show the embedded backend serves any DynamoDB client, and what the conformance suite compares.
 */
export function rawClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { requestTimeout: 20_000, throwOnRequestTimeout: true }
  })
}

/** Creates a table keyed on string `pk` and `sk` and waits until it is ACTIVE. */
export async function createKeyedTable(client: DynamoDBClient, TableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' }
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' }
      ]
    })
  )
  const deadline = Date.now() + TABLE_READY_TIMEOUT_MS
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName }))
    if (Table?.TableStatus === 'ACTIVE') return
    if (Date.now() > deadline) throw new Error(`table ${TableName} did not become ACTIVE`)
    await sleep(10)
  }
}
