import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'

import {
  type AttributeValue,
  BatchWriteItemCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateTimeToLiveCommand
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type LocalBackend, startLocal } from '../src/index.js'
import { catchError } from './support/catchError.js'
import { createIndexedTable } from './support/indexedTable.js'
import { createKeyedTable, rawClient } from './support/rawDynamo.js'

const ITEMS = 1_000
const BATCH = 25

async function fill(client: DynamoDBClient, TableName: string, count = ITEMS): Promise<void> {
  const items = Array.from({ length: count }, (_, index) => {
    const id = String(index).padStart(4, '0')
    return {
      pk: { S: 'p' },
      sk: { S: id },
      g: { S: 'all' },
      l: { S: id },
      v: { S: 'x'.repeat(100) }
    }
  })
  for (let start = 0; start < items.length; start += BATCH) {
    const RequestItems = {
      [TableName]: items.slice(start, start + BATCH).map(Item => ({ PutRequest: { Item } }))
    }
    await client.send(new BatchWriteItemCommand({ RequestItems }))
  }
}

/** Items in the table, in its GSI and in its LSI (all of them in partition `p`, GSI key `all`). */
async function counts(client: DynamoDBClient, TableName: string): Promise<number[]> {
  const count = async (input: Partial<ConstructorParameters<typeof QueryCommand>[0]>) => {
    let total = 0
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined
    do {
      const page = await client.send(
        new QueryCommand({ TableName, Select: 'COUNT', ExclusiveStartKey, ...input })
      )
      total += page.Count ?? 0
      ExclusiveStartKey = page.LastEvaluatedKey
    } while (ExclusiveStartKey !== undefined)
    return total
  }
  const byPk = {
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': { S: 'p' } }
  }
  return [
    await count(byPk),
    await count({
      IndexName: 'byG',
      KeyConditionExpression: 'g = :g',
      ExpressionAttributeValues: { ':g': { S: 'all' } }
    }),
    await count({ ...byPk, IndexName: 'byL' })
  ]
}

/** What a testing kit would do without clearItems: Scan every key, delete in batches of 25. */
async function scanAndDelete(client: DynamoDBClient, TableName: string): Promise<void> {
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined
  do {
    const page = await client.send(
      new ScanCommand({ TableName, ProjectionExpression: 'pk, sk', ExclusiveStartKey })
    )
    const keys = page.Items ?? []
    for (let start = 0; start < keys.length; start += BATCH) {
      const RequestItems = {
        [TableName]: keys.slice(start, start + BATCH).map(Key => ({ DeleteRequest: { Key } }))
      }
      await client.send(new BatchWriteItemCommand({ RequestItems }))
    }
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey !== undefined)
}

describe('LocalBackend.clearItems', () => {
  let local: LocalBackend
  let client: DynamoDBClient
  beforeAll(async () => {
    local = await startLocal()
    client = rawClient(local.endpoint)
    await createIndexedTable(client, 'clear-one')
    await createIndexedTable(client, 'clear-two')
    await createKeyedTable(client, 'clear-three')
  })
  afterAll(async () => {
    client.destroy()
    await local.close()
  })

  it('empties the named tables and their indexes, keeps the tables, leaves the others', async () => {
    await fill(client, 'clear-one')
    await fill(client, 'clear-two', 10)
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: 'clear-one',
        TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' }
      })
    )
    await local.clearItems(['clear-one'])

    expect(await counts(client, 'clear-one')).toEqual([0, 0, 0])
    expect(await counts(client, 'clear-two')).toEqual([10, 10, 10])
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'clear-one' }))
    expect(Table?.GlobalSecondaryIndexes?.[0]?.IndexName).toBe('byG')
    const { TimeToLiveDescription } = await client.send(
      new DescribeTimeToLiveCommand({ TableName: 'clear-one' })
    )
    expect(TimeToLiveDescription?.TimeToLiveStatus).toBe('ENABLED')

    // The table works as before: writes land, in the indexes too.
    await fill(client, 'clear-one', 3)
    expect(await counts(client, 'clear-one')).toEqual([3, 3, 3])
  })

  it('empties every table when given no names', async () => {
    await fill(client, 'clear-two', 5)
    await client.send(
      new PutItemCommand({ TableName: 'clear-three', Item: { pk: { S: 'p' }, sk: { S: 'x' } } })
    )
    await local.clearItems()
    expect(await counts(client, 'clear-one')).toEqual([0, 0, 0])
    expect(await counts(client, 'clear-two')).toEqual([0, 0, 0])
    const { Count } = await client.send(new ScanCommand({ TableName: 'clear-three' }))
    expect(Count).toBe(0)
  })

  it('refuses unknown tables before clearing anything', async () => {
    await fill(client, 'clear-two', 2)
    const error = await catchError(local.clearItems(['clear-two', 'no-such-table']))
    expect(error).toMatchObject({ code: 'local.tableNotFound' })
    expect((error as Error).message).toContain('no-such-table')
    expect(await counts(client, 'clear-two')).toEqual([2, 2, 2])
  })

  it('waits for a transaction under way, and is seen whole', async () => {
    await local.clearItems()
    const writes = Array.from({ length: 20 }, (_, index) =>
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: ['clear-one', 'clear-two'].map(TableName => ({
            Put: {
              TableName,
              Item: { pk: { S: 'p' }, sk: { S: `t${index}` }, g: { S: 'all' }, l: { S: 'x' } }
            }
          }))
        })
      )
    )
    const cleared = local.clearItems(['clear-one', 'clear-two'])
    await Promise.all([...writes, cleared])
    const [one] = await counts(client, 'clear-one')
    const [two] = await counts(client, 'clear-two')
    expect(one).toBe(two) // every transaction landed wholly before or wholly after the clear
  })

  it(`is much faster than Scan + BatchWriteItem for ${ITEMS} items`, async () => {
    await local.clearItems()
    await fill(client, 'clear-one')
    let started = performance.now()
    await scanAndDelete(client, 'clear-one')
    const scanAndDeleteMs = performance.now() - started
    expect(await counts(client, 'clear-one')).toEqual([0, 0, 0])

    await fill(client, 'clear-one')
    started = performance.now()
    await local.clearItems(['clear-one'])
    const clearItemsMs = performance.now() - started
    expect(await counts(client, 'clear-one')).toEqual([0, 0, 0])
    // Typically 50x or more; a loose bound keeps a loaded machine from failing it.
    expect(clearItemsMs * 5).toBeLessThan(scanAndDeleteMs)
  })
})

describe('LocalBackend.clearItems with a data directory', () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'monotable-clear-'))
  })
  afterAll(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('stays cleared after a restart', async () => {
    const dataDir = join(root, 'data')
    const first = await startLocal({ dataDir })
    const client = rawClient(first.endpoint)
    await createIndexedTable(client, 'clear-disk')
    await fill(client, 'clear-disk', 100)
    await first.clearItems()
    await fill(client, 'clear-disk', 1)
    client.destroy()
    await first.close()

    const second = await startLocal({ dataDir })
    const again = rawClient(second.endpoint)
    try {
      expect(await counts(again, 'clear-disk')).toEqual([1, 1, 1])
    } finally {
      again.destroy()
      await second.close()
    }
  })
})
