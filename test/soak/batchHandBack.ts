import {
  BatchWriteError,
  type BatchWriteRequest,
  ensureTable,
  type MonotableClient
} from '../../src/index.js'
import { createShop } from '../../src/shop/index.js'
import { seededRandom } from '../support/random.js'
import { scanTable } from '../support/scan.js'

export interface BatchSoakOptions {
  seed: number
  writes: number
  /** Distinct items the writes go to: fewer than writes, so keys repeat in the stream. */
  keys: number
  client: MonotableClient
  checker: MonotableClient
}

export interface BatchSoakReport {
  writes: number
  written: number
  handedBack: number
  /** Handed back, and flagged as maybe written (their call's answer was lost). */
  ambiguous: number
  problems: string[]
}

/** What the input meant last for one item: its version, or absent. */
type Intended = { version: number } | 'absent'

/**
 * Mixed puts and deletes of three entities, streamed, with keys repeating, through the faults and
 * few attempts, so that some requests are handed back. Checks the contract: every request is
 * written or handed back; an item none of whose requests was handed back holds what the input
 * meant last; and once the hand-back is sent again as it is, every item does.
 */
export async function runBatchHandBack(options: BatchSoakOptions): Promise<BatchSoakReport> {
  const tableName = `soak-batch-${options.seed}`
  const shop = createShop(options.client, { tableName })
  await ensureTable(createShop(options.checker, { tableName }).table)
  const random = seededRandom(options.seed)
  const intended = new Map<string, Intended>()
  const keyOfRequest = new Map<BatchWriteRequest, string>()

  const requestFor = (version: number): BatchWriteRequest => {
    const slot = Math.floor(random() * options.keys)
    const remove = random() < 0.2
    let request: BatchWriteRequest
    let key: string
    if (slot % 3 === 0) {
      const sku = `p${slot}`
      key = `PRODUCT#${sku}|PRODUCT`
      request = remove
        ? shop.Product.batchDelete({ sku })
        : shop.Product.batchPut({ sku, name: 'Lamp', priceCents: 1, stock: version })
    } else if (slot % 3 === 1) {
      const leadId = `c${slot}`
      key = `LEAD#${leadId}|LEAD`
      request = remove
        ? shop.Lead.batchDelete({ leadId })
        : shop.Lead.batchPut({ leadId, email: 'e', name: String(version) })
    } else {
      const orderId = `o${slot}`
      key = `ORDER#${orderId}|ORDER`
      request = remove
        ? shop.Order.batchDelete({ orderId })
        : shop.Order.batchPut({
            orderId,
            customerId: 'c',
            status: 'PLACED',
            totalCents: version,
            createdAt: '2026-12-01'
          })
    }
    intended.set(key, remove ? 'absent' : { version })
    keyOfRequest.set(request, key)
    return request
  }

  async function* stream(): AsyncGenerator<BatchWriteRequest> {
    for (let version = 0; version < options.writes; version += 1) yield requestFor(version)
  }

  const report: BatchSoakReport = {
    writes: options.writes,
    written: 0,
    handedBack: 0,
    ambiguous: 0,
    problems: []
  }
  let handedBack: readonly BatchWriteRequest[] = []
  try {
    report.written = (await options.client.batchWrite(stream(), { maxAttempts: 3 })).written
  } catch (error) {
    if (!(error instanceof BatchWriteError)) throw error
    report.written = error.written
    handedBack = error.unprocessed as readonly BatchWriteRequest[]
    report.ambiguous = error.ambiguous ? 1 : 0
  }
  report.handedBack = handedBack.length
  if (report.written + handedBack.length !== options.writes)
    report.problems.push(
      `${report.written} written + ${handedBack.length} handed back != ${options.writes} requests`
    )

  const touched = new Set(handedBack.map(request => keyOfRequest.get(request)))
  const untouched = [...intended.keys()].filter(key => !touched.has(key))
  report.problems.push(
    ...(await compare(options.checker, tableName, intended, untouched, 'before the re-send'))
  )
  // The hand-back, sent again exactly as returned, with no faults in between.
  if (handedBack.length > 0) await options.checker.batchWrite([...handedBack])
  report.problems.push(
    ...(await compare(options.checker, tableName, intended, [...intended.keys()], 'after'))
  )
  return report
}

async function compare(
  checker: MonotableClient,
  tableName: string,
  intended: ReadonlyMap<string, Intended>,
  keys: readonly string[],
  when: string
): Promise<string[]> {
  const stored = new Map<string, Record<string, unknown>>()
  for (const entry of await scanTable(checker, tableName))
    stored.set(`${entry.pk}|${entry.sk}`, entry)
  const problems: string[] = []
  for (const key of keys) {
    const meant = intended.get(key)
    const found = stored.get(key)
    const version =
      found === undefined ? undefined : Number(found.stock ?? found.totalCents ?? found.name)
    const ok = meant === 'absent' ? found === undefined : version === meant?.version
    if (!ok)
      problems.push(
        `${when}: ${key} holds ${version ?? 'nothing'}, the input meant ${JSON.stringify(meant)}`
      )
  }
  return problems.slice(0, 10)
}
