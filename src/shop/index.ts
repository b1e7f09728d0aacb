/**
 * `monotable/shop`: the reference domain the demo, the tests and the benchmarks use, and a model for
 * declaring your own. It is not part of the library's root export.
 */
export {
  createShop,
  DEFAULT_SHOP_TABLE_NAME,
  type CreateShopOptions,
  type Shop
} from './createShop.js'
export { ORDER_STATUSES } from './order.js'
export { CANCELLABLE_STATUSES, MAX_ORDER_LINES, type PlaceOrderInput } from './orderOperations.js'
export type { NewCustomer } from './customerOperations.js'
export { normalizeEmail } from './customer.js'
export { defineShopEntities, type ShopEntities } from './shopEntities.js'
