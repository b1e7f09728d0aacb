import type { DEFAULT_INDEXES, SingleTable } from '../schema/defineTable.js'
import type { TableIndexes } from '../schema/indexDeclarations.js'
import { defineCustomer } from './customer.js'
import { defineLead } from './lead.js'
import { defineOrder } from './order.js'
import { defineOrderItem } from './orderItem.js'
import { defineProduct } from './product.js'

/** Every entity of the reference domain, on one table. */
export function defineShopEntities<TABLE extends SingleTable<'gsi1'>>(table: TABLE) {
  return {
    Customer: defineCustomer(table),
    Lead: defineLead(table),
    Product: defineProduct(table),
    Order: defineOrder(table),
    OrderItem: defineOrderItem(table)
  }
}

/** The table `createShop` declares: the default keys, and `gsi1`. */
export type ShopTable = SingleTable<TableIndexes<typeof DEFAULT_INDEXES>, true>

export type ShopEntities = ReturnType<typeof defineShopEntities<ShopTable>>
