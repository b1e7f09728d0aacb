import { describe, expect, it } from 'vitest'

import type { ConfiguredRetryStrategy } from '@smithy/core/retry'

import { BatchWriteError, type BatchWriteRequest, createClient, ensureTable } from '../src/index.js'
import { createShop, type Shop } from '../src/shop/index.js'
import { FAST_RETRIES, useBackend } from './support/backend.js'
import { batchFaults, chance, keyOf } from './support/batchFaults.js'
import { catchError } from './support/catchError.js'
import { failFirst, FORWARD } from './support/faultProxy.js'
import { logged } from './support/logged.js'
import { scanTable } from './support/scan.js'

const backend = useBackend()
const MARKER = 'PII-MARKER-c41b'

/** Where every stored item of a shop table lives, by `pk|sk`. */
async function storedKeys(shop: Shop): Promise<Set<string>> {
  const items = await scanTable(backend.client, shop.table.getName())
  return new Set(items.map(stored => `${stored.pk}|${stored.sk}`))
}

async function freshShop(name: string): Promise<Shop> {
  backend.proxy.setPolicy(FORWARD)
  const shop = createShop(backend.client, { tableName: name })
  await ensureTable(shop.table)
  return shop
}

/** 5 000 requests over three entities: 4 000 puts and 1 000 deletes of existing products. */
async function mixedWorkload(shop: Shop, seed: number) {
  const deleted = Array.from({ length: 1_000 }, (_, index) => ({
    sku: `old-${index}`,
    name: MARKER,
    priceCents: 1,
    stock: 1
  }))
  await backend.client.batchWrite(deleted.map(product => shop.Product.batchPut(product)))
  const requests: BatchWriteRequest[] = []
  const expected = new Set<string>()
  for (let index = 0; index < 2_000; index += 1) {
    requests.push(
      shop.Lead.batchPut({
        leadId: `c-${index}`,
        email: `${MARKER}@example.com`,
        name: MARKER
      })
    )
    expected.add(`LEAD#c-${index}|LEAD`)
  }
  for (let index = 0; index < 1_000; index += 1) {
    const orderId = `o-${index}`
    requests.push(
      shop.Order.batchPut({
        orderId,
        customerId: `c-${index % 50}`,
        status: 'PLACED',
        totalCents: index,
        createdAt: `2026-11-${String((index % 28) + 1).padStart(2, '0')}`
      })
    )
    requests.push(
      shop.OrderItem.batchPut({ orderId, sku: `sku-${index % 7}`, quantity: 1, priceCents: index })
    )
    expected.add(`ORDER#${orderId}|ORDER`)
    expected.add(`ORDER#${orderId}|ITEM#sku-${index % 7}`)
  }
  for (const { sku } of deleted) requests.push(shop.Product.batchDelete({ sku }))
  // A seeded shuffle, so every seed mixes entities and operations differently.
  const order = requests.map((request, index) => ({ request, rank: chance(seed, 'order', index) }))
  order.sort((left, right) => left.rank - right.rank)
  return { requests: order.map(({ request }) => request), expected }
}

describe('batchWrite under faults', () => {
  it.each([1, 2, 3, 4, 5])(
    'seed %i: 5 000 mixed writes through 30 pct unprocessed, 5 pct throttled and 1 pct resets leave exactly the expected items',
    async seed => {
      const shop = await freshShop(`faults-${seed}`)
      const { requests, expected } = await mixedWorkload(shop, seed)
      backend.proxy.setPolicy(
        batchFaults({
          seed,
          unprocessed: 0.3,
          throttle: 0.05,
          resetBefore: 0.005,
          resetAfter: 0.005
        })
      )
      const started = Date.now()
      const result = await backend.client.batchWrite(requests, {
        maxAttempts: 20,
        onProgress: p => {
          if (process.env.DBG) console.log(Date.now() - started, JSON.stringify(p))
        }
      })
      backend.proxy.setPolicy(FORWARD)

      expect(result.written).toBe(5_000)
      expect(result.retries).toBeGreaterThan(1_000)
      expect(result.throttled).toBeGreaterThan(0)
      expect(await storedKeys(shop)).toEqual(expected)
    }
  )

  it('hands back exactly the requests it could not write, and writes all the others', async () => {
    const shop = await freshShop('exhaustion')
    const { requests, expected } = await mixedWorkload(shop, 7)
    // These keys are refused on every attempt; the others only now and then.
    const refusedForever = (key: string) => chance('forever', key) < 0.1
    backend.proxy.setPolicy(
      batchFaults({ seed: 7, unprocessed: 0.2, refuseAlways: refusedForever })
    )
    // Enough attempts that the keys refused only now and then (20%) are never refused every time.
    const error = await catchError(backend.client.batchWrite(requests, { maxAttempts: 12 }))
    backend.proxy.setPolicy(FORWARD)

    expect(error).toBeInstanceOf(BatchWriteError)
    const { unprocessed, written } = error as BatchWriteError<BatchWriteRequest>
    expect(error).toMatchObject({ code: 'batch.unprocessed' })
    const { causes } = error as BatchWriteError
    expect(Object.values(causes).reduce((sum, count) => sum + count, 0)).toBe(unprocessed.length)
    expect(written + unprocessed.length).toBe(requests.length)
    const keyOfRequest = (request: BatchWriteRequest) => {
      const params = request.params() as {
        PutRequest?: { Item: Record<string, unknown> }
        DeleteRequest?: { Key: Record<string, unknown> }
      }
      const stored = params.PutRequest?.Item ?? params.DeleteRequest?.Key ?? {}
      return `${stored.pk}|${stored.sk}`
    }
    const isRefused = (request: BatchWriteRequest) => {
      const key = keyOfRequest(request)
      const [pk, sk] = key.split('|')
      return refusedForever(keyOf(shop.table.getName(), { pk: { S: pk }, sk: { S: sk } } as never))
    }
    // Exactly the requests refused forever, as the very objects passed in, in input order.
    expect(unprocessed).toEqual(requests.filter(isRefused))
    expect(unprocessed.every(request => requests.includes(request))).toBe(true)
    expect(unprocessed.length).toBeGreaterThan(100)

    const stored = await storedKeys(shop)
    for (const request of requests) {
      const key = keyOfRequest(request)
      const isPut = 'PutRequest' in (request.params() as object)
      const shouldBeWritten = !unprocessed.includes(request)
      if (isPut) expect(stored.has(key)).toBe(shouldBeWritten)
      else expect(stored.has(key)).toBe(!shouldBeWritten)
    }
    expect([...expected].filter(key => !stored.has(key)).length).toBe(
      unprocessed.filter(request => 'PutRequest' in (request.params() as object)).length
    )
    expect(logged(error)).not.toContain(MARKER)
  })
})

describe('batchWrite beyond the SDK', () => {
  it('owns every attempt: the SDK neither retries inside a call nor spends its retry quota', async () => {
    await freshShop('quota')
    const client = createClient({ endpoint: backend.proxy.endpoint, ...FAST_RETRIES })
    const shop = createShop(client, { tableName: 'quota' })
    const strategy = (await client.dynamoDBClient.config.retryStrategy()) as ConfiguredRetryStrategy
    const fullQuota = strategy.getCapacity()
    let lowestQuota = fullQuota
    backend.proxy.resetCounts()
    backend.proxy.setPolicy(
      failFirst('BatchWriteItem', 200, 'ProvisionedThroughputExceededException')
    )
    const requests = Array.from({ length: 1_000 }, (_, index) =>
      shop.Lead.batchPut({ leadId: `q-${index}`, email: 'e', name: 'n' })
    )
    const result = await client.batchWrite(requests, {
      maxAttempts: 60,
      onProgress: () => {
        lowestQuota = Math.min(lowestQuota, strategy.getCapacity())
      }
    })
    backend.proxy.setPolicy(FORWARD)
    client.destroy()

    expect(lowestQuota).toBe(fullQuota)
    expect(backend.proxy.calls('BatchWriteItem')).toBe(result.calls)
    expect(result.calls).toBeGreaterThan(200)
    expect(result.written).toBe(1_000)
    expect((await storedKeys(shop)).size).toBe(1_000)
  })
})

describe('batchWrite with a signal', () => {
  it('stops when aborted: every request is either written or handed back, never both', async () => {
    const shop = await freshShop('abort')
    const requests = Array.from({ length: 3_000 }, (_, index) =>
      shop.Lead.batchPut({ leadId: `a-${index}`, email: 'e', name: MARKER })
    )
    backend.proxy.setPolicy(batchFaults({ seed: 3, unprocessed: 0.3 }))
    const controller = new AbortController()
    const error = await catchError(
      backend.client.batchWrite(requests, {
        signal: controller.signal,
        onProgress: ({ written }) => {
          if (written >= 1_000) controller.abort()
        }
      })
    )
    backend.proxy.setPolicy(FORWARD)

    expect(error).toMatchObject({ code: 'batch.aborted' })
    const { unprocessed, written } = error as BatchWriteError<BatchWriteRequest>
    expect(written).toBeGreaterThanOrEqual(1_000)
    expect(written + unprocessed.length).toBe(3_000)
    const stored = await storedKeys(shop)
    expect(stored.size).toBe(written)
    for (const request of unprocessed) {
      const { PutRequest } = request.params() as { PutRequest: { Item: Record<string, string> } }
      expect(stored.has(`${PutRequest.Item.pk}|LEAD`)).toBe(false)
    }
  })

  it('stops when onProgress throws, with the error as cause and every request accounted for', async () => {
    const shop = await freshShop('progress-throws')
    const requests = Array.from({ length: 2_000 }, (_, index) =>
      shop.Lead.batchPut({ leadId: `p-${index}`, email: 'e', name: MARKER })
    )
    const failure = new Error('progress sink is down')
    const error = await catchError(
      backend.client.batchWrite(requests, {
        onProgress: ({ written }) => {
          if (written >= 500) throw failure
        }
      })
    )

    expect(error).toMatchObject({ code: 'batch.interrupted', cause: failure })
    const { unprocessed, written } = error as BatchWriteError<BatchWriteRequest>
    expect(written).toBeGreaterThanOrEqual(500)
    expect(unprocessed.length).toBeGreaterThan(0)
    expect(written + unprocessed.length).toBe(2_000)
    expect((await storedKeys(shop)).size).toBe(written)
  })

  it('sends nothing when the signal is already aborted', async () => {
    backend.proxy.resetCounts()
    const requests = [backend.shop.Lead.batchPut({ leadId: 'never', email: 'e', name: 'n' })]
    const error = await catchError(
      backend.client.batchWrite(requests, { signal: AbortSignal.abort() })
    )
    expect(error).toMatchObject({ code: 'batch.aborted', written: 0 })
    expect((error as BatchWriteError).unprocessed).toEqual(requests)
    expect(backend.proxy.calls()).toBe(0)
  })
})

describe('batchWrite from a stream', () => {
  async function* leads(
    shop: Shop,
    count: number,
    counter: { pulled: number },
    spoil?: (index: number) => object | undefined
  ) {
    for (let index = 0; index < count; index += 1) {
      counter.pulled = index + 1
      yield shop.Lead.batchPut(
        (spoil?.(index) ?? { leadId: `s-${index}`, email: 'e', name: 'n' }) as never
      )
    }
  }

  it('pulls an async iterable lazily, a few calls ahead of what is written', async () => {
    const shop = await freshShop('stream')
    const counter = { pulled: 0 }
    let maxAhead = 0
    const result = await backend.client.batchWrite(leads(shop, 4_000, counter), {
      onProgress: ({ written }) => {
        maxAhead = Math.max(maxAhead, counter.pulled - written)
      }
    })
    expect(result.written).toBe(4_000)
    // Pulled entries wait while 2 x concurrency (8) x 25 are queued or in flight, plus one call.
    expect(maxAhead).toBeGreaterThan(25)
    expect(maxAhead).toBeLessThanOrEqual(2 * 8 * 25 + 25)
    expect((await storedKeys(shop)).size).toBe(4_000)
  })

  it('stops at a bad request, hands back what it pulled and did not write, and pulls no further', async () => {
    const shop = await freshShop('stream-invalid')
    const counter = { pulled: 0 }
    const spoil = (index: number) =>
      index === 600 ? { leadId: 'bad', email: 7, name: MARKER } : undefined
    const error = await catchError(backend.client.batchWrite(leads(shop, 2_000, counter, spoil)))
    expect(error).toBeInstanceOf(BatchWriteError)
    expect(error).toMatchObject({
      code: 'batch.invalidInput',
      cause: { code: 'validation.item', index: 600 }
    })
    const { unprocessed, written } = error as BatchWriteError<BatchWriteRequest>
    expect(counter.pulled).toBe(601)
    expect(written + unprocessed.length).toBe(601)
    expect((await storedKeys(shop)).size).toBe(written)
    expect(logged(error)).not.toContain(MARKER)
  })

  it('rejects when the input itself fails, even with nothing left to hand back', async () => {
    const shop = await freshShop('stream-failing')
    const failure = new Error('the source broke')
    // Fails at once: nothing was pulled, so nothing is handed back, yet the call must not succeed.
    async function* brokenAtOnce(): AsyncGenerator<BatchWriteRequest> {
      throw failure
    }
    const first = await catchError(backend.client.batchWrite(brokenAtOnce()))
    expect(first).toMatchObject({ code: 'batch.invalidInput', cause: failure, written: 0 })
    // Fails once everything it gave was written: the same, with the count written.
    let allWritten!: () => void
    const written = new Promise<void>(resolve => {
      allWritten = resolve
    })
    async function* brokenAfterOneCall() {
      for (let index = 0; index < 25; index += 1) {
        yield shop.Lead.batchPut({ leadId: `f-${index}`, email: 'e', name: 'n' })
      }
      await written
      throw failure
    }
    const later = await catchError(
      backend.client.batchWrite(brokenAfterOneCall(), {
        onProgress: progress => {
          if (progress.written === 25) allWritten()
        }
      })
    )
    expect(later).toBeInstanceOf(BatchWriteError)
    expect(later).toMatchObject({ code: 'batch.invalidInput', cause: failure, written: 25 })
    expect((later as BatchWriteError<BatchWriteRequest>).unprocessed).toEqual([])
    expect((await storedKeys(shop)).size).toBe(25)
  })

  it('writes a key that repeats in input order: the later write waits for the earlier one', async () => {
    const shop = await freshShop('stream-repeat')
    const counter = { pulled: 0 }
    // s-30 comes again at 31 and 32 (a put then a delete then a put): the last one must win.
    const spoil = (index: number) =>
      index === 31
        ? { leadId: 's-30', email: 'second', name: 'n' }
        : index === 32
          ? { leadId: 's-30', email: 'third', name: 'n' }
          : undefined
    backend.proxy.resetCounts()
    backend.proxy.captureBodies()
    const result = await backend.client.batchWrite(leads(shop, 100, counter, spoil))
    expect(result.written).toBe(100)
    expect(await shop.Lead.get({ leadId: 's-30' })).toMatchObject({ email: 'third' })
    // No call carried two writes to one item, which DynamoDB would refuse.
    for (const body of backend.proxy.bodies('BatchWriteItem')) {
      const keys = Object.values(
        body.RequestItems as Record<string, { PutRequest: { Item: object } }[]>
      )
        .flat()
        .map(write => JSON.stringify(write.PutRequest.Item))
        .map(item => JSON.parse(item).pk.S as string)
      expect(new Set(keys).size).toBe(keys.length)
    }
  })

  it('reports progress with counts only', async () => {
    const shop = await freshShop('progress')
    const reports: object[] = []
    const requests = Array.from({ length: 300 }, (_, index) =>
      shop.Lead.batchPut({ leadId: `p-${index}`, email: 'e', name: MARKER })
    )
    await backend.client.batchWrite(requests, { onProgress: progress => reports.push(progress) })
    expect(reports.at(-1)).toMatchObject({ written: 300, total: 300, pending: 0, failed: 0 })
    expect(reports.every(Object.isFrozen)).toBe(true)
    expect(JSON.stringify(reports)).not.toContain(MARKER)
  })
})
