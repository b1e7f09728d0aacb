import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'

import type { SingleTable } from '../schema/defineTable.js'
import { defineEntity } from '../entities/defineEntity.js'

export const ORDER_STATUSES = ['PLACED', 'PAID', 'SHIPPED', 'CANCELLED'] as const

/**
 * An order heads its own item collection (`ORDER#<orderId>`, shared with its OrderItems), and is
 * listed under its customer on gsi1, sorted by creation time.
 */
export function defineOrder<TABLE extends SingleTable<'gsi1'>>(table: TABLE) {
  return defineEntity(table, {
    name: 'Order',
    schema: item({
      orderId: string().key(),
      customerId: string(),
      status: string().enum(...ORDER_STATUSES),
      totalCents: number(),
      createdAt: string()
    }),
    key: { pk: 'ORDER#<orderId>', sk: 'ORDER' },
    indexes: { gsi1: { pk: 'CUSTOMER#<customerId>', sk: 'ORDER#<createdAt>' } }
  })
}
