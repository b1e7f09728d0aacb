/**
 * `npm start`: the reference shop on the embedded backend. Writes a few customers, products and
 * orders, reads them back with get and query, prints a summary and exits.
 */
import { createClient, createShop, ensureTable, startLocal } from '../src/index.js'

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
    lines: [
      ['LAMP-01', 1],
      ['PEN-BLK', 3]
    ]
  },
  {
    orderId: 'o-1002',
    customerId: 'grace',
    createdAt: '2026-11-03T14:02:00Z',
    lines: [['NOTE-A5', 2]]
  },
  {
    orderId: 'o-1003',
    customerId: 'ada',
    createdAt: '2026-11-20T18:40:00Z',
    lines: [
      ['MUG-ENG', 2],
      ['NOTE-A5', 1]
    ]
  }
] as const

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`

async function main(): Promise<void> {
  const local = await startLocal()
  const client = createClient({ endpoint: local.endpoint })
  try {
    const shop = createShop(client)
    console.log(`embedded backend at ${local.endpoint}`)
    console.log(`table '${shop.table.getName()}': ${await ensureTable(shop.table)}`)

    for (const customer of customers) await shop.Customer.put(customer)
    for (const product of products) await shop.Product.put(product)
    const prices = new Map(products.map(product => [product.sku, product.priceCents]))
    let lines = 0
    for (const { lines: orderLines, ...order } of orders) {
      let totalCents = 0
      for (const [sku, quantity] of orderLines) {
        const priceCents = prices.get(sku) ?? 0
        totalCents += priceCents * quantity
        await shop.OrderItem.put({ orderId: order.orderId, sku, quantity, priceCents })
        lines += 1
      }
      await shop.Order.put({ ...order, status: 'PLACED', totalCents })
    }
    console.log(
      `wrote ${customers.length} customers, ${products.length} products, ${orders.length} orders (${lines} lines)`
    )

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
  } finally {
    client.destroy()
    await local.close()
  }
  console.log('\nbackend closed')
}

await main()
