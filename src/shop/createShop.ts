import type { MonotableClient } from '../client/createClient.js'
import { defineTable } from '../schema/defineTable.js'
import { customerOperations } from './customerOperations.js'
import { orderOperations } from './orderOperations.js'
import { defineShopEntities } from './shopEntities.js'

export const DEFAULT_SHOP_TABLE_NAME = 'monotable-shop'

export interface CreateShopOptions {
  tableName?: string
  /** The clock orders are dated by (default: the system clock). */
  now?: () => Date
}

/**
 * The reference domain used by the demo, the tests and the benchmarks, and a model for declaring
 * your own: customers with unique emails, products, and orders whose items share the order's item
 * collection; placing and cancelling an order are transactions across all of them.
 *
 * @example
 * const shop = createShop(client)
 * await ensureTable(shop.table)
 * await shop.createCustomer({ customerId: 'c1', email: 'ada@example.com', name: 'Ada' })
 * const order = await shop.placeOrder({ customerId: 'c1', items: [{ sku: 'LAMP-01', quantity: 1 }] })
 */
export function createShop(client: MonotableClient, options: CreateShopOptions = {}) {
  const table = defineTable({ name: options.tableName ?? DEFAULT_SHOP_TABLE_NAME, client })
  const entities = defineShopEntities(table)
  return {
    table,
    ...entities,
    ...customerOperations(entities),
    ...orderOperations(client, entities, options.now ? { now: options.now } : {})
  }
}

export type Shop = ReturnType<typeof createShop>
