import { ScanCommand } from 'dynamodb-toolbox/table/actions/scan'

import type { Shop } from 'monotable/shop'
import { type Clients, clientsFor, freshShop } from '../support/contenders.js'
import { ITEM_PADDING, lead } from '../support/items.js'
import { startBackendProcess } from '../support/processes.js'
import { MONOTABLE, type WorkloadReport } from '../support/report.js'
import { seconds, summarize, takeTurns } from '../support/stats.js'

const SEGMENT_COUNTS = [1, 4, 8] as const
/** Items of another entity on the table, per lead: the backend reads them, the scan must not return them. */
const PRODUCTS_PER_LEAD = 0.1

type Reader = (shop: Shop, segments: number) => Promise<number>

const monotableLabel = (segments: number) => `${MONOTABLE} Lead.scanAll, ${plural(segments)}`
const toolboxLabel = (segments: number) =>
  `dynamodb-toolbox ScanCommand paged by hand, ${plural(segments)}`
const plural = (segments: number) => `${segments} segment${segments === 1 ? '' : 's'}`

const monotableScan: Reader = async (shop, segments) => {
  let read = 0
  for await (const page of shop.Lead.scanAll({ segments })) read += page.items.length
  return read
}

/** What a toolbox user writes: each segment paged on LastEvaluatedKey, segments side by side. */
const toolboxScan: Reader = async (shop, segments) => {
  const readSegment = async (segment: number) => {
    const parallel = segments > 1 ? { segment, totalSegments: segments } : {}
    let read = 0
    let exclusiveStartKey: Record<string, unknown> | undefined
    do {
      const { Items = [], LastEvaluatedKey } = await shop.table
        .build(ScanCommand)
        .entities(shop.Lead.entity)
        .options({
          ...parallel,
          ...(exclusiveStartKey === undefined ? {} : { exclusiveStartKey })
        })
        .send()
      read += Items.length
      exclusiveStartKey = LastEvaluatedKey
    } while (exclusiveStartKey !== undefined)
    return read
  }
  const perSegment = await Promise.all(
    Array.from({ length: segments }, (_, segment) => readSegment(segment))
  )
  return perSegment.reduce((total, read) => total + read, 0)
}

/** Leads, and products in between them, written once for every run to read. */
async function seed(clients: Clients, shop: Shop, leads: number): Promise<void> {
  const products = Math.round(leads * PRODUCTS_PER_LEAD)
  await clients.monotable.batchWrite([
    ...Array.from({ length: leads }, (_, index) => shop.Lead.batchPut(lead(index))),
    ...Array.from({ length: products }, (_, index) =>
      shop.Product.batchPut({ sku: `p-${index}`, name: ITEM_PADDING, priceCents: 100, stock: 1 })
    )
  ])
}

/** 12. Reading a whole entity with a (parallel) scan, from the embedded backend in its own process. */
export async function scan(options: { items: number; runs: number }): Promise<WorkloadReport> {
  const backend = await startBackendProcess()
  const clients = clientsFor(backend.endpoint)
  try {
    const shop = await freshShop(clients, 'scan')
    await seed(clients, shop, options.items)
    const contenders = SEGMENT_COUNTS.flatMap(segments =>
      (
        [
          [monotableLabel(segments), monotableScan],
          [toolboxLabel(segments), toolboxScan]
        ] as const
      ).map(
        ([contender, read]) =>
          [
            contender,
            async () => {
              let found = 0
              const elapsed = await seconds(async () => {
                found = await read(shop, segments)
              })
              if (found !== options.items)
                throw new Error(`${contender} read ${found} of ${options.items} leads`)
              return options.items / elapsed
            }
          ] as const
      )
    )
    const measured = await takeTurns(contenders, options.runs)
    const median = (contender: string) => summarize(measured.get(contender) ?? []).median
    const rows = [...measured].map(([contender, samples]) => {
      const segments = SEGMENT_COUNTS.find(count => contender === monotableLabel(count))
      if (segments === undefined) return { contender, samples }
      const ratio = median(contender) / median(toolboxLabel(segments))
      return { contender, samples, notes: `${ratio.toFixed(2)}x toolbox at ${plural(segments)}` }
    })
    return {
      title: `12. Scanning ${options.items.toLocaleString('en-US')} items of ~1 KB of one entity`,
      unit: 'items/s',
      higherIsBetter: true,
      baseline: toolboxLabel(1),
      rows,
      comment: `Against the embedded backend in its own process. The table also holds ${Math.round(options.items * PRODUCTS_PER_LEAD).toLocaleString('en-US')} products of ~1 KB that both leave out with a filter on the entity tag (the backend still reads them, within each 1 MB page); every run checks it returned every lead. Both read pages of 1 MB (no limit), the segments concurrently (monotable's default concurrency is min(segments, 8)). The notes compare monotable with toolbox at the same segment count.`
    }
  } finally {
    clients.destroy()
    await backend.close()
  }
}
