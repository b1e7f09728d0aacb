import { beforeAll, describe, expect, it } from 'vitest'

import { BatchGetError, type BatchGetKeyRequest } from '../src/index.js'
import { useBackend } from './support/backend.js'
import { batchFaults, chance } from './support/batchFaults.js'
import { catchError } from './support/catchError.js'
import { FORWARD } from './support/faultProxy.js'
import { logged } from './support/logged.js'

const backend = useBackend()
const MARKER = 'PII-MARKER-0b9a'

/** Stores 100 customers, 50 products and 50 orders; returns what a read should give back. */
async function seed() {
  const { Lead, Product, Order } = backend.shop
  const customers = Array.from({ length: 100 }, (_, index) => ({
    leadId: `g-${index}`,
    email: `${index}@example.com`,
    name: MARKER
  }))
  const products = Array.from({ length: 50 }, (_, index) => ({
    sku: `G-${index}`,
    name: `Product ${index}`,
    priceCents: index,
    stock: index
  }))
  const orders = Array.from({ length: 50 }, (_, index) => ({
    orderId: `go-${index}`,
    customerId: `g-${index}`,
    status: 'PLACED' as const,
    totalCents: index,
    createdAt: '2026-11-01'
  }))
  await backend.client.batchWrite([
    ...customers.map(customer => Lead.batchPut(customer)),
    ...products.map(product => Product.batchPut(product)),
    ...orders.map(order => Order.batchPut(order))
  ])
  return { customers, products, orders }
}

/** 250 requests mixing three entities, missing keys and keys asked for twice, with the expected answers. */
async function workload() {
  const { Lead, Product, Order } = backend.shop
  const { customers, products, orders } = await seed()
  const requests: BatchGetKeyRequest[] = []
  const expected: unknown[] = []
  for (let index = 0; index < 250; index += 1) {
    const pick = index % 5
    if (pick === 0 || pick === 1) {
      const customer = customers[(index * 7) % 100]!
      requests.push(Lead.batchGet({ leadId: customer.leadId }))
      expected.push(customer)
    } else if (pick === 2) {
      const product = products[index % 50]!
      requests.push(Product.batchGet({ sku: product.sku }))
      expected.push(product)
    } else if (pick === 3) {
      const order = orders[(index * 3) % 50]!
      requests.push(Order.batchGet({ orderId: order.orderId }))
      expected.push(order)
    } else {
      requests.push(Lead.batchGet({ leadId: `missing-${index}` }))
      expected.push(undefined)
    }
  }
  return { requests, expected }
}

describe('batchGet', () => {
  let stored: Awaited<ReturnType<typeof workload>>
  beforeAll(async () => {
    stored = await workload()
  })

  it('reads 250 keys across entities through 30 pct unprocessed keys, in request order', async () => {
    const { requests, expected } = stored
    backend.proxy.resetCounts()
    backend.proxy.captureBodies()
    backend.proxy.setPolicy(batchFaults({ seed: 11, unprocessed: 0.3 }))
    const items = await backend.client.batchGet(requests, { maxAttempts: 20 })
    backend.proxy.setPolicy(FORWARD)

    expect(items).toEqual(expected)
    const keysPerCall = backend.proxy
      .bodies('BatchGetItem')
      .map(body =>
        Object.values(body.RequestItems as Record<string, { Keys: unknown[] }>).reduce(
          (sum, { Keys }) => sum + Keys.length,
          0
        )
      )
    expect(Math.max(...keysPerCall)).toBeLessThanOrEqual(100)
    // Unprocessed keys were asked again: more calls than the distinct keys need.
    const distinct = new Set(requests.map(request => JSON.stringify(request.params()))).size
    expect(distinct).toBeLessThan(250)
    expect(backend.proxy.calls('BatchGetItem')).toBeGreaterThan(Math.ceil(distinct / 100))
  })

  it('asks each distinct key once per round, and strongly consistent when told to', async () => {
    const { Lead } = backend.shop
    const requests = [0, 1, 0, 2, 1, 0].map(index => Lead.batchGet({ leadId: `g-${index}` }))
    backend.proxy.resetCounts()
    backend.proxy.captureBodies()
    const items = await backend.client.batchGet(requests, { consistentRead: true })
    expect(items.map(customer => customer?.leadId)).toEqual([
      'g-0',
      'g-1',
      'g-0',
      'g-2',
      'g-1',
      'g-0'
    ])
    const [body] = backend.proxy.bodies('BatchGetItem')
    const [table] = Object.values(
      body?.RequestItems as Record<string, { Keys: unknown[]; ConsistentRead?: boolean }>
    )
    expect(table).toMatchObject({ ConsistentRead: true })
    expect(table?.Keys).toHaveLength(3)
  })

  it('hands back exactly the keys it could not read, with the items it did read', async () => {
    const { requests, expected } = stored
    const refusedForever = (key: string) => chance('get-forever', key) < 0.15
    backend.proxy.setPolicy(
      batchFaults({ seed: 12, unprocessed: 0.2, refuseAlways: refusedForever })
    )
    const error = await catchError(backend.client.batchGet(requests))
    backend.proxy.setPolicy(FORWARD)

    expect(error).toBeInstanceOf(BatchGetError)
    const { unprocessedIndexes, unprocessedKeys, items } =
      error as BatchGetError<BatchGetKeyRequest>
    expect(unprocessedIndexes.length).toBeGreaterThan(10)
    expect(unprocessedKeys).toEqual(unprocessedIndexes.map(index => requests[index]))
    const refused = new Set(unprocessedIndexes)
    requests.forEach((request, index) => {
      const stored = request.params() as { pk: string; sk: string }
      const key = `${backend.shop.table.getName()}|${JSON.stringify({ S: stored.pk })}|${JSON.stringify({ S: stored.sk })}`
      expect(refused.has(index)).toBe(refusedForever(key))
      expect(items[index]).toEqual(refused.has(index) ? undefined : expected[index])
    })
    expect(logged(error)).not.toContain(MARKER)
  })

  it('types each item by its entity', async () => {
    const { Lead, Product } = backend.shop
    const [customer, product] = await backend.client.batchGet([
      Lead.batchGet({ leadId: 'g-1' }),
      Product.batchGet({ sku: 'G-1' })
    ] as const)
    const email: string | undefined = customer?.email
    const stock: number | undefined = product?.stock
    expect([email, stock]).toEqual(['1@example.com', 1])
  })
})
