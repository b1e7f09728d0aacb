import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb'
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut'
import {
  BatchWriteCommand as ToolboxBatchWriteCommand,
  execute as executeBatchWrite
} from 'dynamodb-toolbox/table/actions/batchWrite'

import { DEFAULT_BATCH_CONCURRENCY, MAX_BATCH_WRITE_REQUESTS } from 'monotable'
import { type Shop } from 'monotable/shop'
import {
  type Clients,
  clientsFor,
  dropTable,
  electroLead,
  freshShop,
  oneTableLead
} from '../support/contenders.js'
import { lead, storedLead } from '../support/items.js'
import { startBackendProcess } from '../support/processes.js'
import { MONOTABLE, type WorkloadReport } from '../support/report.js'
import { seconds, takeTurns } from '../support/stats.js'

/** What a BatchWriteItem call takes: peers are chunked by hand to it. */
const CHUNK = MAX_BATCH_WRITE_REQUESTS
/** Peers that send calls concurrently get monotable's default. */
const IN_FLIGHT = DEFAULT_BATCH_CONCURRENCY

/** Writes the stored items with plain BatchWriteItem calls, sending UnprocessedItems again. */
async function rawChunk(
  clients: Clients,
  table: string,
  chunk: Record<string, unknown>[]
): Promise<void> {
  let RequestItems: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> = {
    [table]: chunk.map(Item => ({ PutRequest: { Item } }))
  }
  while (Object.keys(RequestItems).length > 0) {
    const { UnprocessedItems = {} } = await clients.document.send(
      new BatchWriteCommand({ RequestItems })
    )
    RequestItems = UnprocessedItems as typeof RequestItems
  }
}

function chunks<T>(values: readonly T[]): T[][] {
  const result: T[][] = []
  for (let start = 0; start < values.length; start += CHUNK)
    result.push(values.slice(start, start + CHUNK))
  return result
}

/** Runs `work` over the chunks with `inFlight` calls at a time. */
async function pool<T>(
  items: readonly T[],
  inFlight: number,
  work: (chunk: T[]) => Promise<void>
): Promise<void> {
  const queue = chunks(items)
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let chunk = queue.shift(); chunk !== undefined; chunk = queue.shift()) await work(chunk)
    })
  )
}

type Contender = (clients: Clients, shop: Shop, count: number) => Promise<void>

const contenders: [string, Contender][] = [
  [
    MONOTABLE,
    async (clients, shop, count) => {
      const items = Array.from({ length: count }, (_, index) => lead(index))
      await clients.monotable.batchWrite(items.map(item => shop.Lead.batchPut(item)))
    }
  ],
  [
    'dynamodb-toolbox execute (chunks of 25)',
    async (_, shop, count) => {
      const items = Array.from({ length: count }, (_, index) => lead(index))
      for (const chunk of chunks(items)) {
        const requests = chunk.map(item => shop.Lead.entity.build(BatchPutRequest).item(item))
        await executeBatchWrite(
          { maxAttempts: 5 },
          shop.table.build(ToolboxBatchWriteCommand).requests(...requests)
        )
      }
    }
  ],
  [
    'raw DocumentClient loop',
    async (clients, shop, count) => {
      const stored = Array.from({ length: count }, (_, index) => storedLead(index))
      for (const chunk of chunks(stored)) await rawChunk(clients, shop.table.getName(), chunk)
    }
  ],
  [
    `raw DocumentClient, ${IN_FLIGHT} calls in flight`,
    async (clients, shop, count) => {
      const stored = Array.from({ length: count }, (_, index) => storedLead(index))
      await pool(stored, IN_FLIGHT, chunk => rawChunk(clients, shop.table.getName(), chunk))
    }
  ],
  [
    `ElectroDB put (concurrency ${IN_FLIGHT})`,
    async (clients, shop, count) => {
      const items = Array.from({ length: count }, (_, index) => lead(index))
      const { unprocessed } = await electroLead(clients, shop.table.getName())
        .put(items)
        .go({ concurrency: IN_FLIGHT })
      if (unprocessed.length > 0)
        throw new Error(`ElectroDB left ${unprocessed.length} items unprocessed`)
    }
  ],
  [
    'dynamodb-onetable batchWrite',
    async (clients, shop, count) => {
      const items = Array.from({ length: count }, (_, index) => lead(index))
      const { table, model } = oneTableLead(clients, shop.table.getName())
      for (const chunk of chunks(items)) {
        const batch = {}
        for (const item of chunk) await model.create(item, { batch, exists: null })
        await table.batchWrite(batch, {})
      }
    }
  ]
]

/** 1. Bulk write against the embedded backend in its own process. */
export async function bulkWrite(options: { items: number; runs: number }): Promise<WorkloadReport> {
  const backend = await startBackendProcess()
  const clients = clientsFor(backend.endpoint)
  try {
    const measured = await takeTurns(
      contenders.map(
        ([contender, write]) =>
          [
            contender,
            async () => {
              const shop = await freshShop(clients, 'bulk')
              const elapsed = await seconds(() => write(clients, shop, options.items))
              await dropTable(clients, shop)
              return options.items / elapsed
            }
          ] as const
      ),
      options.runs
    )
    const rows = [...measured].map(([contender, samples]) => ({ contender, samples }))
    return {
      title: `1. Bulk write of ${options.items.toLocaleString('en-US')} items of ~1 KB`,
      unit: 'items/s',
      higherIsBetter: true,
      baseline: 'best peer',
      rows,
      comment:
        'Against the embedded backend running in its own process. Each run writes into a new table. monotable runs 8 calls in flight (its default); the loops send one call at a time, as their documentation shows.'
    }
  } finally {
    clients.destroy()
    await backend.close()
  }
}
