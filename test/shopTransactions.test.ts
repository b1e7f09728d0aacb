import { describe, expect, it } from 'vitest'

import {
  NotFoundError,
  TransactionCanceledError,
  UniqueConstraintError,
  ValidationError
} from '../src/index.js'
import { useBackend } from './support/backend.js'
import { catchError } from './support/catchError.js'

const backend = useBackend()

async function stockOf(...skus: string[]): Promise<(number | undefined)[]> {
  return Promise.all(skus.map(async sku => (await backend.shop.Product.get({ sku }))?.stock))
}

async function seedCatalogue(prefix: string) {
  const { Product } = backend.shop
  await backend.shop.createCustomer({
    customerId: `${prefix}-ada`,
    email: `${prefix}@example.com`,
    name: 'Ada'
  })
  await Product.put({ sku: `${prefix}-lamp`, name: 'Lamp', priceCents: 3_900, stock: 5 })
  await Product.put({ sku: `${prefix}-pen`, name: 'Pen', priceCents: 180, stock: 100 })
  await Product.put({ sku: `${prefix}-mug`, name: 'Mug', priceCents: 1_200, stock: 1 })
}

describe('placeOrder', () => {
  it('takes stock down and writes the order with its items, all in one transaction', async () => {
    await seedCatalogue('p1')
    const order = await backend.shop.placeOrder({
      orderId: 'p1-order',
      customerId: 'p1-ada',
      items: [
        { sku: 'p1-lamp', quantity: 2 },
        { sku: 'p1-pen', quantity: 10 }
      ]
    })
    expect(order).toMatchObject({
      orderId: 'p1-order',
      status: 'PLACED',
      totalCents: 2 * 3_900 + 10 * 180
    })
    expect(await stockOf('p1-lamp', 'p1-pen', 'p1-mug')).toEqual([3, 90, 1])
    const placed = await backend.shop.getOrder('p1-order')
    expect(placed?.order).toEqual(order)
    expect(
      placed?.items.map(({ sku, quantity, priceCents }) => [sku, quantity, priceCents])
    ).toEqual([
      ['p1-lamp', 2, 3_900],
      ['p1-pen', 10, 180]
    ])
  })

  it('with one product short, writes nothing at all and says which product', async () => {
    await seedCatalogue('p2')
    const error = await catchError(
      backend.shop.placeOrder({
        orderId: 'p2-order',
        customerId: 'p2-ada',
        items: [
          { sku: 'p2-lamp', quantity: 1 },
          { sku: 'p2-mug', quantity: 2 },
          { sku: 'p2-pen', quantity: 1 }
        ]
      })
    )
    expect(error).toBeInstanceOf(TransactionCanceledError)
    const { reasons } = error as TransactionCanceledError
    expect(reasons).toEqual([
      {
        index: 2,
        entity: 'Product',
        action: 'update',
        code: 'ConditionalCheckFailed',
        failure: 'condition'
      }
    ])
    expect(reasons[0]?.item).toMatchObject({ sku: 'p2-mug', stock: 1 })
    expect(await backend.shop.getOrder('p2-order')).toBeUndefined()
    expect(
      (await backend.shop.OrderItem.query({ partition: { orderId: 'p2-order' } })).items
    ).toEqual([])
    expect(await stockOf('p2-lamp', 'p2-mug', 'p2-pen')).toEqual([5, 1, 100])
  })

  it('refuses an unknown customer, and an order id already taken', async () => {
    await seedCatalogue('p3')
    const unknownCustomer = await catchError(
      backend.shop.placeOrder({ customerId: 'p3-nobody', items: [{ sku: 'p3-pen', quantity: 1 }] })
    )
    expect((unknownCustomer as TransactionCanceledError).reasons).toEqual([
      { index: 0, entity: 'Customer', action: 'check', code: 'ConditionalCheckFailed' }
    ])
    await backend.shop.placeOrder({
      orderId: 'p3-order',
      customerId: 'p3-ada',
      items: [{ sku: 'p3-pen', quantity: 1 }]
    })
    const taken = await catchError(
      backend.shop.placeOrder({
        orderId: 'p3-order',
        customerId: 'p3-ada',
        items: [{ sku: 'p3-pen', quantity: 1 }]
      })
    )
    expect((taken as TransactionCanceledError).reasons.map(reason => reason.entity)).toEqual([
      'Order',
      'OrderItem'
    ])
    expect(await stockOf('p3-pen')).toEqual([99])
  })

  it('checks its input, and the products, before writing', async () => {
    await seedCatalogue('p4')
    backend.proxy.resetCounts()
    for (const items of [
      [],
      [{ sku: 'p4-pen', quantity: 0 }],
      [
        { sku: 'p4-pen', quantity: 1 },
        { sku: 'p4-pen', quantity: 2 }
      ]
    ]) {
      const error = await catchError(backend.shop.placeOrder({ customerId: 'p4-ada', items }))
      expect(error).toBeInstanceOf(ValidationError)
    }
    expect(backend.proxy.calls()).toBe(0)
    const unknown = await catchError(
      backend.shop.placeOrder({ customerId: 'p4-ada', items: [{ sku: 'p4-ghost', quantity: 1 }] })
    )
    expect(unknown).toBeInstanceOf(NotFoundError)
    expect(backend.proxy.calls('TransactWriteItems')).toBe(0)
  })
})

describe('cancelOrder', () => {
  it('puts the stock back and marks the order cancelled, once', async () => {
    await seedCatalogue('c1')
    await backend.shop.placeOrder({
      orderId: 'c1-order',
      customerId: 'c1-ada',
      items: [
        { sku: 'c1-lamp', quantity: 3 },
        { sku: 'c1-mug', quantity: 1 }
      ]
    })
    expect(await stockOf('c1-lamp', 'c1-mug')).toEqual([2, 0])
    expect(await backend.shop.cancelOrder('c1-order')).toMatchObject({ status: 'CANCELLED' })
    expect(await stockOf('c1-lamp', 'c1-mug')).toEqual([5, 1])
    expect((await backend.shop.Order.get({ orderId: 'c1-order' }))?.status).toBe('CANCELLED')

    const again = await catchError(backend.shop.cancelOrder('c1-order'))
    expect((again as TransactionCanceledError).reasons).toEqual([
      {
        index: 0,
        entity: 'Order',
        action: 'update',
        code: 'ConditionalCheckFailed',
        failure: 'condition'
      }
    ])
    expect(await stockOf('c1-lamp', 'c1-mug')).toEqual([5, 1])
    expect(await catchError(backend.shop.cancelOrder('c1-none'))).toBeInstanceOf(NotFoundError)
  })

  it('refuses an order that has shipped', async () => {
    await seedCatalogue('c2')
    await backend.shop.placeOrder({
      orderId: 'c2-order',
      customerId: 'c2-ada',
      items: [{ sku: 'c2-pen', quantity: 4 }]
    })
    await backend.shop.Order.update({ orderId: 'c2-order', status: 'SHIPPED' })
    await expect(backend.shop.cancelOrder('c2-order')).rejects.toBeInstanceOf(
      TransactionCanceledError
    )
    expect(await stockOf('c2-pen')).toEqual([96])
  })
})

describe('unique emails', () => {
  it('refuses a second customer with the same address, writing nothing', async () => {
    await backend.shop.createCustomer({
      customerId: 'u-1',
      email: 'Grace@Example.com',
      name: 'Grace'
    })
    const error = await catchError(
      backend.shop.createCustomer({
        customerId: 'u-2',
        email: ' grace@example.COM',
        name: 'Impostor'
      })
    )
    expect(error).toBeInstanceOf(UniqueConstraintError)
    expect(error).toMatchObject({
      code: 'condition.unique',
      constraint: 'email',
      entity: 'Customer'
    })
    expect((error as Error).message).not.toContain('grace')
    expect(await backend.shop.Customer.get({ customerId: 'u-2' })).toBeUndefined()
  })

  it('moves the address with the customer: the old one is free, the new one taken', async () => {
    const { shop } = backend
    await shop.createCustomer({ customerId: 'u-3', email: 'old@example.com', name: 'Alan' })
    await shop.createCustomer({ customerId: 'u-4', email: 'busy@example.com', name: 'Busy' })

    await expect(shop.changeCustomerEmail('u-3', 'busy@example.com')).rejects.toBeInstanceOf(
      UniqueConstraintError
    )
    expect((await shop.Customer.get({ customerId: 'u-3' }))?.email).toBe('old@example.com')

    expect(await shop.changeCustomerEmail('u-3', 'new@example.com')).toMatchObject({
      email: 'new@example.com'
    })
    await shop.createCustomer({ customerId: 'u-5', email: 'old@example.com', name: 'Next' })
    await expect(
      shop.createCustomer({ customerId: 'u-6', email: 'new@example.com', name: 'Late' })
    ).rejects.toBeInstanceOf(UniqueConstraintError)
    await expect(shop.changeCustomerEmail('u-none', 'x@example.com')).rejects.toBeInstanceOf(
      NotFoundError
    )
  })
})
