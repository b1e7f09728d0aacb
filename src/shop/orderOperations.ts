import { randomUUID } from 'node:crypto'

import { $add } from 'dynamodb-toolbox/entity/actions/update'

import type { MonotableClient } from '../client/createClient.js'
import { ERROR_CODES, NotFoundError, ValidationError } from '../client/errors/index.js'
import { MAX_TRANSACTION_ACTIONS } from '../client/limits.js'
import { queryCollectionAll } from '../entities/queryCollection.js'
import type { ShopEntities } from './shopEntities.js'

/** An order may be cancelled until it ships. */
export const CANCELLABLE_STATUSES = ['PLACED', 'PAID'] as const

/** A placeOrder transaction holds the customer check, the order, and two actions per line. */
export const MAX_ORDER_LINES = Math.floor((MAX_TRANSACTION_ACTIONS - 2) / 2)

export interface PlaceOrderInput {
  /** Generated when absent. */
  orderId?: string
  customerId: string
  items: readonly { sku: string; quantity: number }[]
}

export interface OrderOperationsOptions {
  /** The clock orders are dated by. */
  now?: () => Date
}

/** Placing and cancelling orders, each as one transaction across customers, products and orders. */
export function orderOperations(
  client: MonotableClient,
  { Customer, Product, Order, OrderItem }: ShopEntities,
  options: OrderOperationsOptions = {}
) {
  const now = options.now ?? (() => new Date())

  /** An order and its items, read by Query on the order's collection (one page, as a rule). */
  async function getOrder(orderId: string) {
    const orders = []
    const items = []
    for await (const page of queryCollectionAll([Order, OrderItem], { orderId })) {
      orders.push(...page.Order)
      items.push(...page.OrderItem)
    }
    const [order] = orders
    return order === undefined ? undefined : { order, items }
  }

  /**
   * Places an order in one transaction: the customer must exist, each product's stock is taken
   * down under `stock >= quantity` (and at the price the order was totalled with), and the order and
   * its items are created. If any product is short, nothing is written.
   *
   * @throws NotFoundError for an unknown product (before any write)
   * @throws TransactionCanceledError naming the failed actions: `Customer` check, `Product` update
   *   (its `item` is the product as it was), or `Order` put (the order id is taken)
   */
  async function placeOrder(input: PlaceOrderInput) {
    const lines = checkLines(input.items)
    const products = await client.batchGet(
      lines.map(({ sku }) => Product.batchGet({ sku })),
      { consistentRead: true }
    )
    const priced = lines.map((line, index) => {
      const product = products[index]
      if (product === undefined) throw new NotFoundError('Product', 'placeOrder')
      return { ...line, priceCents: product.priceCents }
    })
    const order = {
      orderId: input.orderId ?? randomUUID(),
      customerId: input.customerId,
      status: 'PLACED' as const,
      totalCents: priced.reduce((sum, line) => sum + line.priceCents * line.quantity, 0),
      createdAt: now().toISOString()
    }
    await client.transactWrite([
      Customer.transactCheck(
        { customerId: order.customerId },
        { attr: 'customerId', exists: true }
      ),
      ...priced.map(({ sku, quantity, priceCents }) =>
        Product.transactUpdate(
          { sku, stock: $add(-quantity) },
          {
            condition: {
              and: [
                { attr: 'stock', gte: quantity },
                { attr: 'priceCents', eq: priceCents }
              ]
            },
            // The product as it was tells the caller which one was short.
            returnValuesOnConditionCheckFailure: 'ALL_OLD'
          }
        )
      ),
      Order.transactPut(order, { condition: { attr: 'orderId', exists: false } }),
      ...priced.map(({ sku, quantity, priceCents }) =>
        OrderItem.transactPut(
          { orderId: order.orderId, sku, quantity, priceCents },
          { condition: { attr: 'orderId', exists: false } }
        )
      )
    ])
    return order
  }

  /**
   * Cancels an order in one transaction: its status becomes CANCELLED, only from a cancellable
   * status, and each line's quantity goes back into stock.
   *
   * @throws NotFoundError if there is no such order
   * @throws TransactionCanceledError if the order is no longer cancellable; nothing is written then
   */
  async function cancelOrder(orderId: string) {
    const placed = await getOrder(orderId)
    if (placed === undefined) throw new NotFoundError('Order', 'cancelOrder')
    await client.transactWrite(
      [
        Order.transactUpdate(
          { orderId, status: 'CANCELLED' },
          { condition: { attr: 'status', in: [...CANCELLABLE_STATUSES] } }
        ),
        ...placed.items.map(({ sku, quantity }) =>
          Product.transactUpdate(
            { sku, stock: $add(quantity) },
            { condition: { attr: 'sku', exists: true } }
          )
        )
      ],
      { returnValuesOnConditionCheckFailure: 'ALL_OLD' }
    )
    return { ...placed.order, status: 'CANCELLED' as const }
  }

  return { getOrder, placeOrder, cancelOrder }
}

/** Lines are checked before anything is read: 1 to {@link MAX_ORDER_LINES} of them, distinct products, whole quantities. */
function checkLines(items: PlaceOrderInput['items']) {
  const fail = (problem: string) =>
    new ValidationError(ERROR_CODES.invalidItem, `placeOrder: ${problem}`, { entity: 'Order' })
  if (!Array.isArray(items) || items.length === 0) throw fail('an order needs at least one item')
  if (items.length > MAX_ORDER_LINES) throw fail(`an order holds at most ${MAX_ORDER_LINES} items`)
  const skus = new Set<string>()
  for (const [index, { sku, quantity }] of items.entries()) {
    if (!Number.isInteger(quantity) || quantity < 1)
      throw fail(`item ${index} needs a whole quantity of at least 1`)
    if (skus.has(sku)) throw fail(`item ${index} repeats a product; give each product once`)
    skus.add(sku)
  }
  return items.map(({ sku, quantity }) => ({ sku, quantity }))
}
