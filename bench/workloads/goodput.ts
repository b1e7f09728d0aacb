import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb'
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut'
import {
  BatchWriteCommand as ToolboxBatchWriteCommand,
  execute as executeBatchWrite
} from 'dynamodb-toolbox/table/actions/batchWrite'

import { BatchWriteError, MAX_BATCH_WRITE_REQUESTS } from 'monotable'
import { type Shop } from 'monotable/shop'
import { type Clients, clientsFor, dropTable, freshShop } from '../support/contenders.js'
import { lead, storedLead } from '../support/items.js'
import { startBackendProcess, startScriptProcess } from '../support/processes.js'
import { MONOTABLE, type Row, type WorkloadReport } from '../support/report.js'
import { seconds, summarize } from '../support/stats.js'

/** What a BatchWriteItem call takes: peers are chunked by hand to it. */
const CHUNK = MAX_BATCH_WRITE_REQUESTS
const TARGET_SHARE = 0.95

/** Items a contender handed back to its caller as not written (they are not lost). */
type Writer = (clients: Clients, shop: Shop, count: number) => Promise<number>

const contenders: [string, Writer][] = [
  [
    MONOTABLE,
    async (clients, shop, count) => {
      const items = Array.from({ length: count }, (_, index) => lead(index))
      try {
        await clients.monotable.batchWrite(items.map(item => shop.Lead.batchPut(item)))
        return 0
      } catch (error) {
        if (error instanceof BatchWriteError) return error.unprocessed.length
        throw error
      }
    }
  ],
  [
    'dynamodb-toolbox execute, maxAttempts 5',
    async (_, shop, count) => {
      let handedBack = 0
      for (let start = 0; start < count; start += CHUNK) {
        const requests = Array.from({ length: Math.min(CHUNK, count - start) }, (_, offset) =>
          shop.Lead.entity.build(BatchPutRequest).item(lead(start + offset))
        )
        try {
          const { UnprocessedItems = {} } = await executeBatchWrite(
            { maxAttempts: 5 },
            shop.table.build(ToolboxBatchWriteCommand).requests(...requests)
          )
          handedBack += Object.values(UnprocessedItems).reduce(
            (sum, writes) => sum + (writes?.length ?? 0),
            0
          )
        } catch {
          handedBack += requests.length
        }
      }
      return handedBack
    }
  ],
  [
    'naive loop, immediate retries',
    async (clients, shop, count) => {
      const table = shop.table.getName()
      for (let start = 0; start < count; start += CHUNK) {
        let writes = Array.from({ length: Math.min(CHUNK, count - start) }, (_, offset) => ({
          PutRequest: { Item: storedLead(start + offset) }
        }))
        while (writes.length > 0) {
          try {
            const { UnprocessedItems = {} } = await clients.document.send(
              new BatchWriteCommand({ RequestItems: { [table]: writes } })
            )
            writes = (UnprocessedItems[table] ?? []) as typeof writes
          } catch {
            // Throttled whole: try again at once.
          }
        }
      }
      return 0
    }
  ]
]

async function countItems(clients: Clients, shop: Shop): Promise<number> {
  let count = 0
  let ExclusiveStartKey: Record<string, unknown> | undefined
  do {
    const page = await clients.document.send(
      new ScanCommand({ TableName: shop.table.getName(), Select: 'COUNT', ExclusiveStartKey })
    )
    count += page.Count ?? 0
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey !== undefined)
  return count
}

/** 3. Goodput against a table limited to `capacity` write units per second. */
export async function goodput(options: {
  items: number
  runs: number
  capacity: number
  /** Short runs of monotable alone: every one must write every item with default options. */
  shortRuns: { count: number; items: number }
}): Promise<WorkloadReport> {
  const backend = await startBackendProcess()
  const proxy = await startScriptProcess('bench/support/capacityProxy.ts', [
    backend.endpoint,
    String(options.capacity),
    '0.1'
  ])
  const clients = clientsFor(proxy.endpoint)
  const rows: Row[] = []
  let monotableMet = true
  let shortRunsComplete = 0
  try {
    for (const [contender, write] of contenders) {
      const samples: number[] = []
      const notWritten: number[] = []
      const lost: number[] = []
      for (let run = 0; run < options.runs; run += 1) {
        const shop = await freshShop(clients, 'goodput')
        let handedBack = 0
        const elapsed = await seconds(async () => {
          handedBack = await write(clients, shop, options.items)
        })
        const written = await countItems(clients, shop)
        await dropTable(clients, shop)
        samples.push(written / elapsed / options.capacity)
        notWritten.push(options.items - written)
        lost.push(options.items - written - handedBack)
      }
      const worstLost = Math.max(...lost)
      rows.push({
        contender,
        samples,
        notes: `not written: median ${summarize(notWritten).median}, max ${Math.max(...notWritten)}; lost silently: max ${worstLost}`
      })
      if (contender === MONOTABLE) {
        monotableMet =
          summarize(samples).median >= TARGET_SHARE &&
          Math.max(...notWritten) === 0 &&
          worstLost === 0
      }
    }
    // A fresh table's burst goes in the first call of a run: short runs are where an item is
    // refused again and again before the pacer has measured the table.
    const [, writeMonotable] = contenders[0] as [string, Writer]
    for (let run = 0; run < options.shortRuns.count; run += 1) {
      const shop = await freshShop(clients, 'goodput-short')
      const handedBack = await writeMonotable(clients, shop, options.shortRuns.items)
      const written = await countItems(clients, shop)
      await dropTable(clients, shop)
      if (handedBack === 0 && written === options.shortRuns.items) shortRunsComplete += 1
    }
  } finally {
    clients.destroy()
    await proxy.close()
    await backend.close()
  }
  const shortRuns = `${shortRunsComplete} of ${options.shortRuns.count} short runs of ${options.shortRuns.items.toLocaleString('en-US')} items`
  return {
    title: `3. Goodput under throttling: ${options.items.toLocaleString('en-US')} items at ${options.capacity.toLocaleString('en-US')} WCU/s`,
    unit: 'x capacity',
    higherIsBetter: true,
    baseline: 'naive loop, immediate retries',
    rows,
    target: {
      text: `monotable at ${TARGET_SHARE} of capacity or more with default options, every item written in every run above and in each of ${options.shortRuns.count} short runs (wrote every item in ${shortRuns})`,
      met: monotableMet && shortRunsComplete === options.shortRuns.count
    },
    comment:
      "A proxy in its own process gives the table a token bucket (one unit per KB written, 0.1 s of burst) and answers what does not fit as UnprocessedItems, or throttles the call when nothing fits. Goodput is items written per second over capacity. 'Not written' items were handed back to the caller (monotable's BatchWriteError.unprocessed, toolbox's UnprocessedItems); 'lost silently' are neither written nor handed back."
  }
}
