import { describe, expect, it } from 'vitest'

import {
  BatchValidationError,
  ensureTable,
  MAX_BATCH_WRITE_REQUESTS,
  MAX_ITEM_BYTES
} from '../src/index.js'
import { createShop } from '../src/shop/index.js'
import { useBackend } from './support/backend.js'
import { catchError } from './support/catchError.js'
import { logged } from './support/logged.js'

const backend = useBackend()
const MARKER = 'PII-MARKER-5d0e'

/** Requests per BatchWriteItem call the backend received, in order. */
function writeCallSizes(): number[] {
  return backend.proxy
    .bodies('BatchWriteItem')
    .map(body =>
      Object.values(body.RequestItems as Record<string, unknown[]>).reduce(
        (sum, writes) => sum + writes.length,
        0
      )
    )
}

async function rejectedBeforeNetwork(call: Promise<unknown>): Promise<BatchValidationError> {
  backend.proxy.resetCounts()
  const error = await catchError(call)
  expect(error).toBeInstanceOf(BatchValidationError)
  expect(backend.proxy.calls()).toBe(0)
  expect(logged(error)).not.toContain(MARKER)
  return error as BatchValidationError
}

/** A Lead whose stored form (names and values, `_et`, `pk`, `sk` included) weighs `bytes`. */
function leadOfSize(leadId: string, bytes: number, fill = 'x') {
  const stored = {
    leadId,
    email: 'e',
    name: '',
    _et: 'Lead',
    pk: `LEAD#${leadId}`,
    sk: 'LEAD'
  }
  const base = Object.entries(stored).reduce(
    (sum, [name, value]) => sum + name.length + value.length,
    0
  )
  const fillBytes = Buffer.byteLength(fill)
  return { leadId, email: 'e', name: fill.repeat((bytes - base) / fillBytes) }
}

describe('batchWrite splits into DynamoDB limits', () => {
  it('26 requests over two tables become calls of at most 25 requests in total', async () => {
    const other = createShop(backend.client, { tableName: 'second-shop' })
    await ensureTable(other.table)
    backend.proxy.resetCounts()
    backend.proxy.captureBodies()
    const requests = Array.from({ length: 26 }, (_, index) =>
      (index % 2 === 0 ? backend.shop : other).Lead.batchPut({
        leadId: `split-${index}`,
        email: 'e',
        name: 'n'
      })
    )
    const result = await backend.client.batchWrite(requests)
    expect(result.written).toBe(26)
    expect(writeCallSizes().sort()).toEqual([1, 25])
    expect(await other.Lead.get({ leadId: 'split-1' })).toBeDefined()
    expect(await backend.shop.Lead.get({ leadId: 'split-24' })).toBeDefined()
  })

  it('25 items of 400 KB fit one call when their JSON fits 16 MB', async () => {
    backend.proxy.resetCounts()
    backend.proxy.captureBodies()
    const requests = Array.from({ length: MAX_BATCH_WRITE_REQUESTS }, (_, index) =>
      backend.shop.Lead.batchPut(leadOfSize(`big-${index}`, MAX_ITEM_BYTES))
    )
    expect((await backend.client.batchWrite(requests)).written).toBe(25)
    expect(writeCallSizes()).toEqual([25])
  })

  it('25 items of 400 KB are split by size when their JSON would pass 16 MB', async () => {
    // Embedded JSON: every quote weighs 1 byte in DynamoDB and 2 escaped in the request.
    backend.proxy.resetCounts()
    backend.proxy.captureBodies()
    const requests = Array.from({ length: MAX_BATCH_WRITE_REQUESTS }, (_, index) =>
      backend.shop.Lead.batchPut(leadOfSize(`quoted-${index}`, MAX_ITEM_BYTES, '"'))
    )
    expect((await backend.client.batchWrite(requests)).written).toBe(25)
    const sizes = writeCallSizes()
    expect(sizes.length).toBe(2)
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(25)
    for (const body of backend.proxy.bodies('BatchWriteItem')) {
      expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThanOrEqual(16 * 1024 * 1024)
    }
    expect((await backend.shop.Lead.get({ leadId: 'quoted-24' }))?.name).toMatch(/^"+$/)
  })
})

describe('batchWrite rejects bad input before the network', () => {
  it('accepts an item of exactly 400 KB and refuses one byte more, naming entity and index', async () => {
    const atLimit = leadOfSize('limit', MAX_ITEM_BYTES)
    expect((await backend.client.batchWrite([backend.shop.Lead.batchPut(atLimit)])).written).toBe(1)
    expect((await backend.shop.Lead.get({ leadId: 'limit' }))?.name).toHaveLength(
      atLimit.name.length
    )

    const requests = [
      backend.shop.Lead.batchPut({ leadId: 'fine', email: 'e', name: MARKER }),
      backend.shop.Lead.batchPut(leadOfSize('over', MAX_ITEM_BYTES + 1, MARKER.slice(0, 1)))
    ]
    const error = await rejectedBeforeNetwork(backend.client.batchWrite(requests))
    expect(error).toMatchObject({ code: 'validation.itemTooLarge', index: 1, entity: 'Lead' })
    expect(error.message).toContain('request 1 (Lead)')
    expect(await backend.shop.Lead.get({ leadId: 'fine' })).toBeUndefined()
  })

  it('counts UTF-8 bytes: refuses a non-ASCII item that dynalite would let through', async () => {
    const oversized = leadOfSize('utf8', MAX_ITEM_BYTES + 2, 'é') // 2 bytes per character
    expect(oversized.name.length).toBeLessThan(MAX_ITEM_BYTES)
    const error = await rejectedBeforeNetwork(
      backend.client.batchWrite([backend.shop.Lead.batchPut(oversized)])
    )
    expect(error).toMatchObject({ code: 'validation.itemTooLarge', index: 0 })
  })

  it('takes two writes to one item, and writes them in input order', async () => {
    const { Lead, Order } = backend.shop
    const requests = [
      Lead.batchPut({ leadId: 'twice', email: 'e', name: MARKER }),
      Order.batchDelete({ orderId: 'x' }),
      Lead.batchDelete({ leadId: 'twice' }),
      Lead.batchPut({ leadId: 'twice', email: 'last', name: 'Last' })
    ]
    expect(await backend.client.batchWrite(requests)).toMatchObject({ written: 4 })
    expect(await Lead.get({ leadId: 'twice' })).toMatchObject({ email: 'last' })
  })

  it('refuses an item missing its key attributes', async () => {
    const requests = [backend.shop.Lead.batchPut({ email: 'e', name: MARKER } as never)]
    const error = await rejectedBeforeNetwork(backend.client.batchWrite(requests))
    expect(error).toMatchObject({
      code: 'validation.item',
      index: 0,
      entity: 'Lead',
      attribute: 'leadId'
    })
  })

  it('refuses an item that does not match its schema', async () => {
    const requests = [
      backend.shop.Product.batchPut({ sku: 's', name: MARKER, priceCents: 1, stock: 1 }),
      backend.shop.Product.batchPut({
        sku: 't',
        name: MARKER,
        priceCents: MARKER as never,
        stock: 1
      })
    ]
    const error = await rejectedBeforeNetwork(backend.client.batchWrite(requests))
    expect(error).toMatchObject({ code: 'validation.item', index: 1, attribute: 'priceCents' })
  })

  it('refuses something that is not a batch request', async () => {
    const error = await rejectedBeforeNetwork(
      backend.client.batchWrite([{ PutRequest: {} } as never])
    )
    expect(error).toMatchObject({ code: 'validation.request', index: 0 })
  })

  it('refuses bad options', async () => {
    backend.proxy.resetCounts()
    for (const options of [
      { concurrency: 0 },
      { maxAttempts: 0 },
      { baseDelayMs: -1 },
      { signal: {} as never }
    ]) {
      await expect(backend.client.batchWrite([], options)).rejects.toMatchObject({
        code: 'validation.options'
      })
    }
    expect(backend.proxy.calls()).toBe(0)
  })

  it('resolves an empty input with zero calls', async () => {
    backend.proxy.resetCounts()
    expect(await backend.client.batchWrite([])).toEqual({
      written: 0,
      calls: 0,
      retries: 0,
      throttled: 0
    })
    expect(await backend.client.batchGet([])).toEqual([])
    expect(backend.proxy.calls()).toBe(0)
  })
})
