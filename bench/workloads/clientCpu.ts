import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut'
import {
  BatchWriteCommand as ToolboxBatchWriteCommand,
  execute as executeBatchWrite
} from 'dynamodb-toolbox/table/actions/batchWrite'

import { createClient, MAX_BATCH_WRITE_REQUESTS } from 'monotable'
import { createShop } from 'monotable/shop'
import { lead, storedLead } from '../support/items.js'
import { MONOTABLE, type WorkloadReport } from '../support/report.js'
import { pairedRatios, takeTurns } from '../support/stats.js'
import { stubbedDynamoDBClient } from '../support/stubTransport.js'

/** What a BatchWriteItem call takes: peers are chunked by hand to it. */
const CHUNK = MAX_BATCH_WRITE_REQUESTS
const TARGET_RATIO = 1.1
const RAW = 'raw DocumentClient loop'

/** CPU microseconds per item spent by this process in `work`. */
async function cpuMicrosPerItem(items: number, work: () => Promise<void>): Promise<number> {
  const before = process.cpuUsage()
  await work()
  const { user, system } = process.cpuUsage(before)
  return (user + system) / items
}

/** 2. Client CPU per item, with an SDK request handler that answers from memory. */
export async function clientCpu(options: { items: number; runs: number }): Promise<WorkloadReport> {
  const count = options.items
  const monotable = createClient({ dynamoDBClient: stubbedDynamoDBClient() })
  const shop = createShop(monotable)
  const raw = DynamoDBDocumentClient.from(stubbedDynamoDBClient(), {
    marshallOptions: { removeUndefinedValues: true }
  })
  const toolboxShop = createShop(createClient({ dynamoDBClient: stubbedDynamoDBClient() }))
  const table = shop.table.getName()

  const contenders: [string, () => Promise<void>][] = [
    [
      MONOTABLE,
      async () => {
        const items = Array.from({ length: count }, (_, index) => lead(index))
        await monotable.batchWrite(items.map(item => shop.Lead.batchPut(item)))
      }
    ],
    [
      RAW,
      async () => {
        const stored = Array.from({ length: count }, (_, index) => storedLead(index))
        for (let start = 0; start < count; start += CHUNK) {
          const chunk = stored.slice(start, start + CHUNK)
          await raw.send(
            new BatchWriteCommand({
              RequestItems: { [table]: chunk.map(Item => ({ PutRequest: { Item } })) }
            })
          )
        }
      }
    ],
    [
      'dynamodb-toolbox execute',
      async () => {
        const items = Array.from({ length: count }, (_, index) => lead(index))
        for (let start = 0; start < count; start += CHUNK) {
          const requests = items
            .slice(start, start + CHUNK)
            .map(item => toolboxShop.Lead.entity.build(BatchPutRequest).item(item))
          await executeBatchWrite(
            toolboxShop.table.build(ToolboxBatchWriteCommand).requests(...requests)
          )
        }
      }
    ]
  ]
  // Two warm-up rounds: the JIT settles on each path before anything is measured.
  for (const [, work] of contenders) await work()
  const measured = await takeTurns(
    contenders.map(
      ([contender, work]) => [contender, () => cpuMicrosPerItem(count, work)] as const
    ),
    options.runs
  )
  const rows = [...measured].map(([contender, samples]) => ({ contender, samples }))
  // The target is judged on monotable's ratio to raw within each round (the two ran back to
  // back), not on the ratio of medians: a 10% margin is within what a busy moment costs.
  const ratio = pairedRatios(measured.get(MONOTABLE) ?? [], measured.get(RAW) ?? [])
  return {
    title: `2. Client CPU per item (${count.toLocaleString('en-US')} items, stub transport)`,
    unit: 'µs/item',
    higherIsBetter: false,
    baseline: RAW,
    rows,
    target: {
      text: `monotable at most ${TARGET_RATIO}x raw, judged on the median of the ${options.runs} rounds' own ratios (measured ${ratio.median.toFixed(2)}x; min ${ratio.min.toFixed(2)}x, max ${ratio.max.toFixed(2)}x)`,
      met: ratio.median <= TARGET_RATIO
    },
    comment:
      'No server: an SDK request handler answers every call from memory, so this is the CPU the client spends building, validating, marshalling and signing. The raw loop sends items already in their stored form (keys composed by hand); monotable and toolbox start from entity items and validate them.'
  }
}
