import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'

import type { SingleTable } from '../schema/defineTable.js'
import { defineEntity } from '../entities/defineEntity.js'

/** A line of an order, stored in the order's item collection. */
export function defineOrderItem<TABLE extends SingleTable>(table: TABLE) {
  return defineEntity(table, {
    name: 'OrderItem',
    schema: item({
      orderId: string().key(),
      sku: string().key(),
      quantity: number(),
      priceCents: number()
    }),
    key: { pk: 'ORDER#<orderId>', sk: 'ITEM#<sku>' }
  })
}
