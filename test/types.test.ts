import { item } from 'dynamodb-toolbox/schema/item'
import { string } from 'dynamodb-toolbox/schema/string'
import { describe, expect, expectTypeOf, it } from 'vitest'

import { createClient, defineEntity, defineTable, ValidationError } from '../src/index.js'
import { createShop } from '../src/shop/index.js'

// Types are checked by tsc, which `npm test` runs over test/ too; nothing here touches the network.
const client = createClient({ endpoint: 'http://127.0.0.1:1' })
const shop = createShop(client)
const table = defineTable({ name: 'types', client })

describe('public types', () => {
  it('formats reads as the schema says', () => {
    expectTypeOf(shop.Customer.get).returns.resolves.toEqualTypeOf<
      { customerId: string; email: string; name: string } | undefined
    >()
    expectTypeOf(shop.getOrder).returns.resolves.toMatchTypeOf<
      { order: { orderId: string; totalCents: number }; items: { sku: string }[] } | undefined
    >()
  })

  it('types queries by the key templates', () => {
    type OrderQuery = Parameters<typeof shop.Order.query>[0]
    expectTypeOf<{ partition: { orderId: string } }>().toMatchTypeOf<OrderQuery>()
    expectTypeOf<{ index: 'gsi1'; partition: { customerId: string } }>().toMatchTypeOf<OrderQuery>()
    expectTypeOf<{
      index: 'gsi1'
      partition: { orderId: string }
    }>().not.toMatchTypeOf<OrderQuery>()
    expectTypeOf<{
      index: 'gsi2'
      partition: { customerId: string }
    }>().not.toMatchTypeOf<OrderQuery>()
    // Never called: the literals are what is checked.
    const neverCalled = () => [
      // @ts-expect-error Order's sort key has no 'sku'
      shop.Order.query({ partition: { orderId: 'o' }, range: { sku: 'x' } }),
      // @ts-expect-error the partition of gsi1 is customerId
      shop.Order.query({ index: 'gsi1', partition: { orderId: 'o' } })
    ]
    expectTypeOf(neverCalled).toBeFunction()
    expectTypeOf<{
      partition: { orderId: string }
      range: { sku: { beginsWith: 'x' } }
    }>().toMatchTypeOf<Parameters<typeof shop.OrderItem.query>[0]>()
  })

  it('refuses templates naming unknown or non-key attributes, at compile time and at run time', () => {
    expect(() =>
      defineEntity(table, {
        name: 'Typo',
        schema: item({ id: string().key(), label: string() }),
        // @ts-expect-error 'idd' is not an attribute
        key: { pk: 'T#<idd>', sk: 'T' }
      })
    ).toThrow(ValidationError)
    expect(() =>
      defineEntity(table, {
        name: 'NotKey',
        schema: item({ id: string().key(), label: string() }),
        // @ts-expect-error 'label' is not a .key() attribute
        key: { pk: 'T#<label>', sk: 'T' }
      })
    ).toThrow(ValidationError)
  })
})
