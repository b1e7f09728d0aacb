/**
 * `npm start`: the reference shop on the embedded backend. Creates a few customers (unique emails)
 * and products, places orders as transactions (one of them short of stock, one cancelled), reads
 * them back with get and query, then bulk-loads a few thousand orders with batchWrite and reads a
 * sample back with batchGet; prints a summary and exits.
 */
import {
  type BatchWriteRequest,
  createClient,
  ensureTable,
  type MonotableClient,
  startLocal,
  TransactionCanceledError,
  UniqueConstraintError
} from '../src/index.js'
import { createShop, type Shop } from '../src/shop/index.js'
import { progressReporter } from './support/progress.js'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const customers = [
  { customerId: 'ada', email: 'ada@example.com', name: 'Ada Lovelace' },
  { customerId: 'grace', email: 'grace@example.com', name: 'Grace Hopper' },
  { customerId: 'alan', email: 'alan@example.com', name: 'Alan Turing' }
]
const products = [
  { sku: 'LAMP-01', name: 'Desk lamp', priceCents: 3_900, stock: 20 },
  { sku: 'NOTE-A5', name: 'A5 notebook', priceCents: 650, stock: 200 },
  { sku: 'PEN-BLK', name: 'Black pen', priceCents: 180, stock: 500 },
  { sku: 'MUG-ENG', name: 'Engine mug', priceCents: 1_200, stock: 40 }
]
const orders = [
  {
    orderId: 'o-1001',
    customerId: 'ada',
    createdAt: '2026-11-02T09:15:00Z',
    items: [
      { sku: 'LAMP-01', quantity: 1 },
      { sku: 'PEN-BLK', quantity: 3 }
    ]
  },
  {
    orderId: 'o-1002',
    customerId: 'grace',
    createdAt: '2026-11-03T14:02:00Z',
    items: [{ sku: 'NOTE-A5', quantity: 2 }]
  },
  {
    orderId: 'o-1003',
    customerId: 'ada',
    createdAt: '2026-11-20T18:40:00Z',
    items: [
      { sku: 'MUG-ENG', quantity: 2 },
      { sku: 'NOTE-A5', quantity: 1 }
    ]
  },
  {
    orderId: 'o-1004',
    customerId: 'alan',
    createdAt: '2026-11-21T08:00:00Z',
    items: [{ sku: 'PEN-BLK', quantity: 10 }]
  }
]

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`

const BULK_ORDERS = 3_000
const LINES_PER_ORDER = 2

/** Orders and their lines, generated as they are pulled: batchWrite streams them. */
async function* bulkOrders(shop: Shop): AsyncGenerator<BatchWriteRequest> {
  for (let index = 0; index < BULK_ORDERS; index += 1) {
    const orderId = `bulk-${String(index).padStart(5, '0')}`
    const customerId = customers[index % customers.length]!.customerId
    const createdAt = new Date(Date.UTC(2026, 9, 1) + index * 60_000).toISOString()
    let totalCents = 0
    for (let line = 0; line < LINES_PER_ORDER; line += 1) {
      const product = products[(index + line) % products.length]!
      totalCents += product.priceCents
      yield shop.OrderItem.batchPut({
        orderId,
        sku: product.sku,
        quantity: 1,
        priceCents: product.priceCents
      })
    }
    yield shop.Order.batchPut({ orderId, customerId, status: 'PAID', totalCents, createdAt })
  }
}

async function bulkStep(shop: Shop, client: MonotableClient): Promise<void> {
  const total = BULK_ORDERS * (LINES_PER_ORDER + 1)
  console.log(`
bulk: ${BULK_ORDERS} orders with ${LINES_PER_ORDER} lines each (${total} items) through batchWrite`)
  const progress = progressReporter('writing', total)
  const writeStart = performance.now()
  const written = await client.batchWrite(bulkOrders(shop), {
    onProgress: ({ written }) => progress.update(written)
  })
  progress.finish()
  const writeSeconds = (performance.now() - writeStart) / 1_000
  console.log(
    `wrote ${written.written} items in ${written.calls} calls: ${Math.round(written.written / writeSeconds)} items/s`
  )

  const sample = Array.from(
    { length: 200 },
    (_, index) => `bulk-${String(index * 15).padStart(5, '0')}`
  )
  const readStart = performance.now()
  const orders = await client.batchGet(sample.map(orderId => shop.Order.batchGet({ orderId })))
  const readSeconds = (performance.now() - readStart) / 1_000
  const found = orders.filter(order => order !== undefined)
  const revenue = found.reduce((sum, order) => sum + (order?.totalCents ?? 0), 0)
  console.log(
    `read back ${found.length}/${sample.length} sampled orders with batchGet (${Math.round(sample.length / readSeconds)} items/s), worth ${dollars(revenue)}`
  )
}

async function main(): Promise<void> {
  const local = await startLocal()
  const client = createClient({ endpoint: local.endpoint })
  let clock = new Date()
  try {
    const shop = createShop(client, { now: () => clock })
    console.log(`embedded backend at ${local.endpoint}`)
    console.log(`table '${shop.table.getName()}': ${await ensureTable(shop.table)}`)

    for (const customer of customers) await shop.createCustomer(customer)
    for (const product of products) await shop.Product.put(product)
    for (const { createdAt, ...order } of orders) {
      clock = new Date(createdAt)
      await shop.placeOrder(order)
    }
    console.log(
      `created ${customers.length} customers and ${products.length} products; placed ${orders.length} orders as transactions`
    )
    await shop.cancelOrder('o-1004')
    console.log(
      `cancelled o-1004: its pens are back in stock (${(await shop.Product.get({ sku: 'PEN-BLK' }))?.stock})`
    )
    try {
      await shop.placeOrder({
        customerId: 'grace',
        items: [
          { sku: 'LAMP-01', quantity: 1 },
          { sku: 'MUG-ENG', quantity: 99 }
        ]
      })
    } catch (error) {
      if (!(error instanceof TransactionCanceledError)) throw error
      const short = error.reasons.map(reason => (reason.item as { sku?: string } | undefined)?.sku)
      console.log(
        `an order for 99 mugs was refused as a whole (short: ${short.join(', ')}); no stock was taken`
      )
    }
    try {
      await shop.createCustomer({
        customerId: 'ada-2',
        email: 'ADA@example.com',
        name: 'Ada again'
      })
    } catch (error) {
      if (!(error instanceof UniqueConstraintError)) throw error
      console.log('a second customer with ada@example.com was refused: emails are unique')
    }

    for (const { customerId } of customers) {
      const customer = await shop.Customer.get({ customerId })
      const { items: history } = await shop.Order.query(
        { index: 'gsi1', partition: { customerId } },
        { reverse: true }
      )
      console.log(
        `\n${customer?.name} <${customer?.email}>: ${history.length} order(s), newest first`
      )
      for (const order of history) {
        const details = await shop.getOrder(order.orderId)
        const summary = details?.items.map(line => `${line.quantity}x ${line.sku}`).join(', ')
        console.log(
          `  ${order.createdAt.slice(0, 10)}  ${order.orderId}  ${order.status}  ${dollars(order.totalCents)}  (${summary})`
        )
      }
    }

    await bulkStep(shop, client)
  } finally {
    client.destroy()
    await local.close()
  }
  console.log('\nbackend closed')
}

await main()
