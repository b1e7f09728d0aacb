import { $add } from 'dynamodb-toolbox/entity/actions/update'
import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { createClient, defineEntity, defineTable, type MonotableClient } from '../src/index.js'
import { createShop } from '../src/shop/index.js'
import { startTestBackend, useTestTables } from '../src/testing/index.js'

/** An app of its own, as a team would structure it: tables and entities built on a client. */
function createCounterApp(client: MonotableClient) {
  const table = defineTable({ name: 'kit-counters', client })
  const Counter = defineEntity(table, {
    name: 'Counter',
    schema: item({ counterId: string().key(), count: number() }),
    key: { pk: 'COUNTER#<counterId>', sk: 'COUNTER' }
  })
  return { table, Counter }
}

const t = useTestTables({ beforeAll, beforeEach }, ({ client }) => {
  const app = createCounterApp(client)
  const shop = createShop(client)
  return {
    app,
    shop,
    tables: [app.table, shop.table],
    fixtures: () => [
      app.Counter.batchPut({ counterId: 'visits', count: 1 }),
      shop.Product.batchPut({ sku: 'LAMP', name: 'Lamp', priceCents: 100, stock: 3 })
    ]
  }
})

describe('the testing kit', () => {
  // Two tests that each change the fixtures: each sees them fresh.
  it.each([1, 2])('starts every test from the fixtures (run %i)', async () => {
    const { Counter } = t.app
    expect(await Counter.get({ counterId: 'visits' })).toEqual({ counterId: 'visits', count: 1 })
    await Counter.update({ counterId: 'visits', count: $add(10) })
    await Counter.put({ counterId: 'extra', count: 0 })
    expect(await Counter.get({ counterId: 'visits' })).toEqual({ counterId: 'visits', count: 11 })
  })

  it('empties every table between tests, indexes included', async () => {
    const { shop } = t
    expect(await t.app.Counter.get({ counterId: 'extra' })).toBeUndefined()
    await shop.createCustomer({ customerId: 'c1', email: 'c1@example.com', name: 'C' })
    const order = await shop.placeOrder({ customerId: 'c1', items: [{ sku: 'LAMP', quantity: 1 }] })
    const listed = await shop.Order.query({ index: 'gsi1', partition: { customerId: 'c1' } })
    expect(listed.items.map(listedOrder => listedOrder.orderId)).toEqual([order.orderId])
  })

  it('… so a test after it finds no order under the index', async () => {
    const listed = await t.shop.Order.query({ index: 'gsi1', partition: { customerId: 'c1' } })
    expect(listed.items).toEqual([])
    expect(await t.shop.Customer.get({ customerId: 'c1' })).toBeUndefined()
  })

  it('is one backend per worker, and creates each table once', async () => {
    const again = await startTestBackend()
    expect(again).toBe(t.backend)
    await again.createTables(t.app.table)
    expect(await t.app.Counter.get({ counterId: 'visits' })).toBeDefined()
  })

  it('points an app that builds its own client from the environment at the backend', async () => {
    expect(process.env.AWS_ENDPOINT_URL_DYNAMODB).toBe(t.backend.endpoint)
    const ownClient = createClient()
    try {
      const app = createCounterApp(ownClient)
      expect(await app.Counter.get({ counterId: 'visits' })).toEqual({
        counterId: 'visits',
        count: 1
      })
    } finally {
      ownClient.destroy()
    }
  })
})
