import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { $add } from 'dynamodb-toolbox/entity/actions/update'

import { clientsFor, freshShop } from '../support/contenders.js'
import { startBackendProcess } from '../support/processes.js'
import { MONOTABLE, type WorkloadReport } from '../support/report.js'
import { seconds, takeTurns } from '../support/stats.js'

const RAW = 'raw UpdateCommand (ADD, retried by the SDK: may apply twice)'

/**
 * 10. A counter update with `$add`, which must not apply twice: monotable sends it as a one-action
 * transaction under a token (exactly once), beside the same update as a plain UpdateItem.
 */
export async function safeUpdate(options: {
  updates: number
  runs: number
}): Promise<WorkloadReport> {
  const backend = await startBackendProcess()
  const clients = clientsFor(backend.endpoint)
  const shop = await freshShop(clients, 'counter')
  await shop.Product.put({ sku: 'hot', name: 'Hot', priceCents: 1, stock: 0 })
  const TableName = shop.table.getName()
  const updatesPerSecond = (update: () => Promise<unknown>) => async () => {
    const elapsed = await seconds(async () => {
      for (let index = 0; index < options.updates; index += 1) await update()
    })
    return options.updates / elapsed
  }
  const samples = await takeTurns(
    [
      [
        `${MONOTABLE} Entity.update $add (exactly once)`,
        updatesPerSecond(() => shop.Product.update({ sku: 'hot', stock: $add(1) }))
      ],
      [
        `${MONOTABLE} Entity.update $add, exactlyOnce: false`,
        updatesPerSecond(() =>
          shop.Product.update({ sku: 'hot', stock: $add(1) }, { exactlyOnce: false })
        )
      ],
      [
        RAW,
        updatesPerSecond(() =>
          clients.document.send(
            new UpdateCommand({
              TableName,
              Key: { pk: 'PRODUCT#hot', sk: 'PRODUCT' },
              UpdateExpression: 'ADD stock :one',
              ExpressionAttributeValues: { ':one': 1 }
            })
          )
        )
      ]
    ],
    options.runs
  )
  clients.destroy()
  await backend.close()
  return {
    title: `10. A hot counter: ${options.updates} sequential \`$add\` updates`,
    unit: 'updates/s',
    higherIsBetter: true,
    baseline: RAW,
    rows: [...samples].map(([contender, runSamples]) => ({ contender, samples: runSamples })),
    comment:
      'Exactly once costs a transaction: on DynamoDB, two write units instead of one, and here the embedded backend’s exclusive lock. `exactlyOnce: false` is a plain UpdateItem that is not retried once an attempt may have been applied.'
  }
}
