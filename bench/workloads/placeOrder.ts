import { randomUUID } from 'node:crypto'

import { BatchGetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'

import type { Shop } from 'monotable/shop'
import { type Clients, clientsFor, freshShop } from '../support/contenders.js'
import { startBackendProcess } from '../support/processes.js'
import { MONOTABLE, type WorkloadReport } from '../support/report.js'
import { seconds, summarize, takeTurns } from '../support/stats.js'

const LINES = 5

/** The same reads and writes as placeOrder, spelled out with plain DocumentClient commands. */
export async function rawPlaceOrder(
  clients: Clients,
  shop: Shop,
  orderId: string,
  skus: readonly string[]
): Promise<void> {
  const TableName = shop.table.getName()
  const { Responses = {} } = await clients.document.send(
    new BatchGetCommand({
      RequestItems: {
        [TableName]: {
          Keys: skus.map(sku => ({ pk: `PRODUCT#${sku}`, sk: 'PRODUCT' })),
          ConsistentRead: true
        }
      }
    })
  )
  const prices = new Map(
    (Responses[TableName] ?? []).map(product => [
      product.sku as string,
      product.priceCents as number
    ])
  )
  const totalCents = skus.reduce((sum, sku) => sum + (prices.get(sku) ?? 0), 0)
  const createdAt = new Date().toISOString()
  await clients.document.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          ConditionCheck: {
            TableName,
            Key: { pk: 'CUSTOMER#bench', sk: 'CUSTOMER' },
            ConditionExpression: 'attribute_exists(customerId)'
          }
        },
        ...skus.map(sku => ({
          Update: {
            TableName,
            Key: { pk: `PRODUCT#${sku}`, sk: 'PRODUCT' },
            UpdateExpression: 'ADD stock :take',
            ConditionExpression: 'stock >= :quantity AND priceCents = :price',
            ExpressionAttributeValues: { ':take': -1, ':quantity': 1, ':price': prices.get(sku) }
          }
        })),
        {
          Put: {
            TableName,
            Item: {
              pk: `ORDER#${orderId}`,
              sk: 'ORDER',
              _et: 'Order',
              orderId,
              customerId: 'bench',
              status: 'PLACED',
              totalCents,
              createdAt,
              gsi1pk: 'CUSTOMER#bench',
              gsi1sk: `ORDER#${createdAt}`
            },
            ConditionExpression: 'attribute_not_exists(pk)'
          }
        },
        ...skus.map(sku => ({
          Put: {
            TableName,
            Item: {
              pk: `ORDER#${orderId}`,
              sk: `ITEM#${sku}`,
              _et: 'OrderItem',
              orderId,
              sku,
              quantity: 1,
              priceCents: prices.get(sku)
            },
            ConditionExpression: 'attribute_not_exists(pk)'
          }
        }))
      ]
    })
  )
}

const RAW = 'raw TransactWriteCommand' as const
const REPLAY = "raw, sending monotable's request" as const
const TARGET_RATIO = 0.95

/**
 * Records the TransactWriteItems request one placeOrder sends, and returns a raw placeOrder that
 * reads the prices as the raw contender does and sends that request again for another order id.
 */
async function monotableRequests(
  clients: Clients,
  shop: Shop,
  skus: readonly string[]
): Promise<(orderId: string) => Promise<void>> {
  const TEMPLATE_ID = 'template-order'
  const documentClient = clients.monotable.documentClient
  const send = documentClient.send.bind(documentClient)
  let recorded: unknown
  documentClient.send = ((command: { input: unknown }, ...rest: unknown[]) => {
    if (command instanceof TransactWriteCommand) recorded ??= command.input
    return (send as (...args: unknown[]) => unknown)(command, ...rest)
  }) as typeof documentClient.send
  try {
    await shop.placeOrder({
      orderId: TEMPLATE_ID,
      customerId: 'bench',
      items: skus.map(sku => ({ sku, quantity: 1 }))
    })
  } finally {
    documentClient.send = send
  }
  const template = JSON.stringify(recorded)
  const TableName = shop.table.getName()
  return async orderId => {
    await clients.document.send(
      new BatchGetCommand({
        RequestItems: {
          [TableName]: {
            Keys: skus.map(sku => ({ pk: `PRODUCT#${sku}`, sk: 'PRODUCT' })),
            ConsistentRead: true
          }
        }
      })
    )
    const input = JSON.parse(template.replaceAll(TEMPLATE_ID, orderId))
    await clients.document.send(
      new TransactWriteCommand({ ...input, ClientRequestToken: randomUUID() })
    )
  }
}

/** 7. Placing orders of 5 items, each one transaction, one after the other. */
export async function placeOrder(options: {
  orders: number
  runs: number
}): Promise<WorkloadReport> {
  const backend = await startBackendProcess()
  const clients = clientsFor(backend.endpoint)
  try {
    const shop = await freshShop(clients, 'orders')
    const skus = Array.from({ length: LINES }, (_, index) => `SKU-${index}`)
    await shop.createCustomer({ customerId: 'bench', email: 'bench@example.com', name: 'Bench' })
    for (const sku of skus)
      await shop.Product.put({ sku, name: sku, priceCents: 100, stock: 1_000_000 })
    const replay = await monotableRequests(clients, shop, skus)
    let next = 0
    const contenders = [
      [
        MONOTABLE,
        (orderId: string) =>
          shop.placeOrder({
            orderId,
            customerId: 'bench',
            items: skus.map(sku => ({ sku, quantity: 1 }))
          })
      ],
      [RAW, (orderId: string) => rawPlaceOrder(clients, shop, orderId, skus)],
      [REPLAY, replay]
    ] as const
    const measured = await takeTurns(
      contenders.map(
        ([contender, place]) =>
          [
            contender,
            async () => {
              const elapsed = await seconds(async () => {
                for (let order = 0; order < options.orders; order += 1)
                  await place(`order-${next++}`)
              })
              return options.orders / elapsed
            }
          ] as const
      ),
      options.runs
    )
    const rows = [...measured].map(([contender, samples]) => ({ contender, samples }))
    const medianOf = (contender: (typeof contenders)[number][0]) =>
      summarize(measured.get(contender) ?? []).median
    const ratio = medianOf(MONOTABLE) / medianOf(RAW)
    return {
      title: `7. placeOrder with ${LINES} items (${options.orders} orders per run, one at a time)`,
      unit: 'tx/s',
      higherIsBetter: true,
      baseline: RAW,
      rows,
      target: {
        text: `monotable at ${TARGET_RATIO}x raw or more (measured ${ratio.toFixed(2)}x)`,
        met: ratio >= TARGET_RATIO
      },
      comment: `All read the 5 prices (one consistent BatchGetItem) and then write one transaction of 12 actions: a customer check, 5 stock updates, the order and its 5 items. '${REPLAY}' sends, from the raw DocumentClient, the very request monotable sends (recorded once, with a new order id and token each time): its gap to raw is what monotable's request asks more of the backend (each update also sets the key attribute and the entity tag, each write carries an existence condition and asks for the old item on failure, the call carries an idempotency token); its gap to monotable is the client's own work.`
    }
  } finally {
    clients.destroy()
    await backend.close()
  }
}
