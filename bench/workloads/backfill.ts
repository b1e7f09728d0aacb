import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb'

import { MAX_BATCH_WRITE_REQUESTS } from 'monotable'
import type { Shop } from 'monotable/shop'
import { type Clients, clientsFor, freshShop } from '../support/contenders.js'
import { ITEM_PADDING, lead } from '../support/items.js'
import { startBackendProcess } from '../support/processes.js'
import { MONOTABLE, type WorkloadReport } from '../support/report.js'
import { seconds, summarize, takeTurns } from '../support/stats.js'

/** The backfill's defaults, which the peer copies: 4 segments, 8 writes in flight. */
const SEGMENTS = 4
const WRITERS_PER_SEGMENT = 2
const RAW = 'raw scan + BatchWriteItem loop (no conditions)'
/** Peak RSS may grow this much from 1/10 of the items to all of them, for memory to count as bounded. */
const TARGET_RSS_GROWTH = 1.2
/** The smaller of the two sizes from which the bound is checked: the full run's 100,000. */
const MIN_ITEMS_FOR_BOUND = 100_000

type Stored = Record<string, unknown>

/** Every run changes every item: the marker comes and goes, so the table never needs reseeding. */
const MARK = ' *'
const toggled = (name: string) => (name.endsWith(MARK) ? name.slice(0, -MARK.length) : name + MARK)

/** What one writes without a backfill engine: each segment paged by hand, its pages written back. */
async function scanThenBatchWrite(clients: Clients, TableName: string): Promise<number> {
  let written = 0
  const writeChunk = async (chunk: Stored[]) => {
    let RequestItems: Record<string, { PutRequest: { Item: Stored } }[]> = {
      [TableName]: chunk.map(Item => ({ PutRequest: { Item } }))
    }
    // Sent again at once, without backoff: the naive retry of a hand-written loop.
    while (Object.keys(RequestItems).length > 0) {
      const { UnprocessedItems = {} } = await clients.document.send(
        new BatchWriteCommand({ RequestItems })
      )
      RequestItems = UnprocessedItems as typeof RequestItems
    }
    written += chunk.length
  }
  const writePage = async (items: Stored[]) => {
    const chunks: Stored[][] = []
    for (let start = 0; start < items.length; start += MAX_BATCH_WRITE_REQUESTS)
      chunks.push(items.slice(start, start + MAX_BATCH_WRITE_REQUESTS))
    const writer = async () => {
      for (let chunk = chunks.shift(); chunk !== undefined; chunk = chunks.shift())
        await writeChunk(chunk)
    }
    await Promise.all(Array.from({ length: WRITERS_PER_SEGMENT }, writer))
  }
  const readSegment = async (Segment: number) => {
    let ExclusiveStartKey: Stored | undefined
    do {
      const page = await clients.document.send(
        new ScanCommand({
          TableName,
          Segment,
          TotalSegments: SEGMENTS,
          ConsistentRead: true,
          FilterExpression: '#et = :et',
          ExpressionAttributeNames: { '#et': '_et' },
          ExpressionAttributeValues: { ':et': 'Lead' },
          ExclusiveStartKey
        })
      )
      const items = page.Items ?? []
      await writePage(items.map(item => ({ ...item, name: toggled(String(item.name)) })))
      ExclusiveStartKey = page.LastEvaluatedKey
    } while (ExclusiveStartKey !== undefined)
  }
  await Promise.all(Array.from({ length: SEGMENTS }, (_, segment) => readSegment(segment)))
  return written
}

type Rewriter = (clients: Clients, shop: Shop) => Promise<number>

const contenders: [string, Rewriter][] = [
  [
    `${MONOTABLE} client.backfill (transactions of 25, conditional)`,
    async (clients, shop) => {
      const result = await clients.monotable.backfill(shop.Lead, item => ({
        ...item,
        name: toggled(item.name)
      }))
      return result.written
    }
  ],
  [RAW, (clients, shop) => scanThenBatchWrite(clients, shop.table.getName())]
]

/** 13a. Rewriting every item of an entity, against the embedded backend in its own process. */
async function backfillThroughput(options: { items: number; runs: number }) {
  const backend = await startBackendProcess()
  const clients = clientsFor(backend.endpoint)
  try {
    const shop = await freshShop(clients, 'backfill')
    await clients.monotable.batchWrite([
      ...Array.from({ length: options.items }, (_, index) => shop.Lead.batchPut(lead(index))),
      // Another entity on the table, which both must skip.
      ...Array.from({ length: Math.round(options.items / 10) }, (_, index) =>
        shop.Product.batchPut({ sku: `p-${index}`, name: ITEM_PADDING, priceCents: 1, stock: 1 })
      )
    ])
    const measured = await takeTurns(
      contenders.map(
        ([contender, rewrite]) =>
          [
            contender,
            async () => {
              let written = 0
              const elapsed = await seconds(async () => {
                written = await rewrite(clients, shop)
              })
              if (written !== options.items)
                throw new Error(`${contender} wrote ${written} of ${options.items} leads`)
              return options.items / elapsed
            }
          ] as const
      ),
      options.runs
    )
    return {
      title: `13a. Backfill of ${options.items.toLocaleString('en-US')} items of ~1 KB`,
      unit: 'items/s',
      higherIsBetter: true,
      baseline: RAW,
      rows: [...measured].map(([contender, samples]) => ({ contender, samples })),
      comment: `Against the embedded backend in its own process, beside ${Math.round(options.items / 10).toLocaleString('en-US')} products that both skip. Every run rewrites every lead (a marker at the end of its name comes and goes). Both scan ${SEGMENTS} segments, strongly consistent, with 8 writes in flight. The loop is not a safe peer: its puts overwrite whatever a concurrent writer stored since the scan, where the backfill's conditional puts never do, and on DynamoDB it costs 1 WCU per item where transactions cost 2.`
    } satisfies WorkloadReport
  } finally {
    clients.destroy()
    await backend.close()
  }
}

const run = promisify(execFile)

async function backfillInChild(contender: string, items: number) {
  const { stdout } = await run(
    process.execPath,
    ['bench/support/backfillChild.mjs', contender, String(items)],
    { maxBuffer: 1024 * 1024 }
  )
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    itemsPerSecond: number
    peakRssMb: number
  }
}

/** 13b. Peak RSS of backfills of 1/10 of the items and of all of them, through the stub transport. */
async function backfillMemory(options: { items: number; runs: number }) {
  // A run of a million items takes minutes of CPU: `runs` is smaller than elsewhere.
  const sizes = [options.items / 10, options.items] as const
  const children = [
    ['monotable', `${MONOTABLE} client.backfill`],
    ['raw', 'raw scan + BatchWriteItem loop']
  ] as const
  const cases = children.flatMap(([child, label]) =>
    sizes.map(items => ({
      child,
      items,
      label: `${label}, ${items.toLocaleString('en-US')} items`
    }))
  )
  const peaks = new Map(cases.map(({ label }) => [label, [] as number[]]))
  const speeds = new Map(cases.map(({ label }) => [label, [] as number[]]))
  // Every run is a process of its own, so no warm-up round; turns are taken all the same.
  for (let attempt = 0; attempt < options.runs; attempt += 1) {
    for (const { child, items, label } of cases) {
      const { itemsPerSecond, peakRssMb } = await backfillInChild(child, items)
      peaks.get(label)?.push(peakRssMb)
      speeds.get(label)?.push(itemsPerSecond)
    }
  }
  const worstPeak = (items: number) => {
    const found = cases.find(one => one.child === 'monotable' && one.items === items)
    return summarize(peaks.get(found?.label ?? '') ?? []).max
  }
  const growth = worstPeak(sizes[1]) / worstPeak(sizes[0])
  const [smaller, larger] = sizes.map(items => items.toLocaleString('en-US'))
  // Below the pages a backfill holds at once (12 of 1,000 items), RSS grows with any client.
  const checked = sizes[0] >= MIN_ITEMS_FOR_BOUND
  return {
    title: `13b. Peak memory of a backfill of ${options.items.toLocaleString('en-US')} items (stub transport)`,
    unit: 'MB peak RSS',
    higherIsBetter: false,
    baseline: cases[0]?.label as string,
    rows: cases.map(({ label }) => ({
      contender: label,
      samples: peaks.get(label) ?? [],
      notes: `${Math.round(summarize(speeds.get(label) ?? []).median).toLocaleString('en-US')} items/s`
    })),
    ...(checked
      ? {
          target: {
            text: `monotable's peak RSS bounded: at most ${TARGET_RSS_GROWTH}x from ${smaller} to ${larger} items (measured ${growth.toFixed(2)}x, worst runs)`,
            met: growth <= TARGET_RSS_GROWTH
          }
        }
      : {}),
    comment: `Median of ${options.runs} runs, each a process of its own on the built package, so peak RSS (resource usage maxRSS) covers the Node runtime and the SDK too. The stub answers Scan with pages of 1,000 generated leads of ~1 KB per segment (4 segments) and every write with success, so the figures are the client's alone: items/s in the notes is the client's CPU at work, with no server to wait for.${checked ? '' : ' That memory is bounded is checked from 100,000 items on (the full run): below what a backfill holds at once, it grows with the items.'}`
  } satisfies WorkloadReport
}

/** 13. `client.backfill`: throughput against the embedded backend, and memory at a million items. */
export async function backfill(options: {
  items: number
  runs: number
  memoryItems: number
  memoryRuns: number
}): Promise<WorkloadReport[]> {
  return [
    await backfillThroughput({ items: options.items, runs: options.runs }),
    await backfillMemory({ items: options.memoryItems, runs: options.memoryRuns })
  ]
}
