import { DeleteTableCommand } from '@aws-sdk/client-dynamodb'
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb'

import { ensureTable } from 'monotable'
import { createShop, type Shop } from 'monotable/shop'
import { startTestBackend } from 'monotable/testing'
import { lead } from '../support/items.js'
import type { WorkloadReport } from '../support/report.js'
import { seconds, takeTurns } from '../support/stats.js'

const TABLE_ITEMS = 1_000
const SCAN_AND_DELETE = 'scan + BatchWriteItem deletes'
const DROP_AND_CREATE = 'DeleteTable + CreateTable'
const KIT = 'monotable/testing reset'

async function fill(shop: Shop, count: number): Promise<void> {
  const requests = Array.from({ length: count }, (_, index) => shop.Lead.batchPut(lead(index)))
  const { client } = await startTestBackend({ env: false })
  await client.batchWrite(requests)
}

/** What a hand-written reset does without access to the backend's store. */
async function scanAndDelete(shop: Shop): Promise<void> {
  const { documentClient } = (await startTestBackend({ env: false })).client
  const TableName = shop.table.getName()
  let ExclusiveStartKey: Record<string, unknown> | undefined
  do {
    const page = await documentClient.send(
      new ScanCommand({ TableName, ProjectionExpression: 'pk, sk', ExclusiveStartKey })
    )
    const keys = page.Items ?? []
    for (let start = 0; start < keys.length; start += 25) {
      const DeleteRequests = keys.slice(start, start + 25).map(Key => ({ DeleteRequest: { Key } }))
      await documentClient.send(
        new BatchWriteCommand({ RequestItems: { [TableName]: DeleteRequests } })
      )
    }
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey !== undefined)
}

async function dropAndCreate(shop: Shop): Promise<void> {
  const { client } = await startTestBackend({ env: false })
  await client.dynamoDBClient.send(new DeleteTableCommand({ TableName: shop.table.getName() }))
  await ensureTable(shop.table)
}

/** One small test of an app: a few writes and reads. */
async function smallTest(shop: Shop, index: number): Promise<void> {
  const customerId = `c-${index}`
  await shop.createCustomer({ customerId, email: `${customerId}@example.com`, name: 'Test' })
  await shop.Product.put({ sku: `SKU-${index}`, name: 'Lamp', priceCents: 100, stock: 5 })
  await shop.placeOrder({ customerId, items: [{ sku: `SKU-${index}`, quantity: 1 }] })
  await shop.Order.query({ index: 'gsi1', partition: { customerId } })
}

/**
 * 8. The testing kit: emptying a table between tests, and a file of small tests with the kit's reset
 * beside the same file creating a fresh table per test.
 */
export async function testingKit(options: {
  runs: number
  tests: number
}): Promise<WorkloadReport[]> {
  const backend = await startTestBackend({ env: false })
  const shop = createShop(backend.client, { tableName: 'bench-kit-reset' })
  await backend.createTables(shop.table)

  const resetMs = (reset: () => Promise<void>) => async () => {
    await fill(shop, TABLE_ITEMS)
    return (await seconds(reset)) * 1_000
  }
  const resets = await takeTurns(
    [
      [KIT, resetMs(() => backend.reset(shop.table))],
      [SCAN_AND_DELETE, resetMs(() => scanAndDelete(shop))],
      [DROP_AND_CREATE, resetMs(() => dropAndCreate(shop))]
    ],
    options.runs
  )

  let freshTables = 0
  const fileSeconds = (perTest: () => Promise<Shop>, after: (shop: Shop) => Promise<void>) => () =>
    seconds(async () => {
      for (let index = 0; index < options.tests; index += 1) {
        const testShop = await perTest()
        await smallTest(testShop, index)
        await after(testShop)
      }
    })
  const kitShop = createShop(backend.client, { tableName: 'bench-kit-file' })
  await backend.createTables(kitShop.table)
  const files = await takeTurns(
    [
      [
        'kit: tables once, reset before each test',
        fileSeconds(
          async () => {
            await backend.reset(kitShop.table)
            return kitShop
          },
          async () => {}
        )
      ],
      [
        'a fresh table per test (CreateTable, then DeleteTable)',
        fileSeconds(
          async () => {
            freshTables += 1
            const fresh = createShop(backend.client, {
              tableName: `bench-kit-fresh-${freshTables}`
            })
            await ensureTable(fresh.table)
            return fresh
          },
          async fresh => {
            await backend.client.dynamoDBClient.send(
              new DeleteTableCommand({ TableName: fresh.table.getName() })
            )
          }
        )
      ]
    ],
    options.runs
  )

  return [
    {
      title: `8a. Emptying a table of ${TABLE_ITEMS.toLocaleString('en-US')} items between tests`,
      unit: 'ms',
      higherIsBetter: false,
      baseline: SCAN_AND_DELETE,
      rows: [...resets].map(([contender, samples]) => ({ contender, samples })),
      comment:
        'The kit clears the embedded backend’s store directly; the peers are what a reset does through the API.'
    },
    {
      title: `8b. A file of ${options.tests} small tests (a transaction, a put, a query each)`,
      unit: 's',
      higherIsBetter: false,
      baseline: 'a fresh table per test (CreateTable, then DeleteTable)',
      rows: [...files].map(([contender, samples]) => ({ contender, samples }))
    }
  ]
}
