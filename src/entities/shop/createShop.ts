import type { MonotableClient } from '../../client/createClient.js'
import { defineTable } from '../../schema/defineTable.js'
import { queryCollection } from '../queryCollection.js'
import { defineCustomer } from './customer.js'
import { defineOrder } from './order.js'
import { defineOrderItem } from './orderItem.js'
import { defineProduct } from './product.js'

export const DEFAULT_SHOP_TABLE_NAME = 'monotable-shop'

export interface CreateShopOptions {
  tableName?: string
}

/**
 * The reference domain used by the demo, the tests and the benchmarks, and a model for declaring
 * your own: customers, products, and orders whose items share the order's item collection.
 *
 * @example
 * const shop = createShop(client)
 * await ensureTable(shop.table)
 * await shop.Customer.put({ customerId: 'c1', email: 'ada@example.com', name: 'Ada' })
 */
export function createShop(client: MonotableClient, options: CreateShopOptions = {}) {
  const table = defineTable({ name: options.tableName ?? DEFAULT_SHOP_TABLE_NAME, client })
  const Customer = defineCustomer(table)
  const Product = defineProduct(table)
  const Order = defineOrder(table)
  const OrderItem = defineOrderItem(table)

  /** An order and its items, read with one Query on the order's collection. */
  async function getOrder(orderId: string) {
    const { Order: orders, OrderItem: items } = await queryCollection([Order, OrderItem], {
      orderId
    })
    const [order] = orders
    return order === undefined ? undefined : { order, items }
  }

  return { table, Customer, Product, Order, OrderItem, getOrder }
}

export type Shop = ReturnType<typeof createShop>
