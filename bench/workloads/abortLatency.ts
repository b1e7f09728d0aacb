import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'

import { createClient } from 'monotable'
import { createShop } from 'monotable/shop'
import { startFaultProxy } from '../../test/support/faultProxy.js'
import { seededRandom } from '../../test/support/random.js'
import { clientsFor } from '../support/contenders.js'
import { startBackendProcess } from '../support/processes.js'
import type { WorkloadReport } from '../support/report.js'

/**
 * 9. Abort latency in a throttle storm: every call is throttled, a call is started with a signal
 * and aborted at a random moment in its first 200 ms; measured is the time from `abort()` to the
 * rejection. Default retry settings (100 ms base), so an engine that left retries to the SDK would
 * sit out whole backoffs.
 */
export async function abortLatency(options: { trials: number }): Promise<WorkloadReport> {
  const backend = await startBackendProcess()
  const proxy = await startFaultProxy(backend.endpoint)
  const client = createClient({
    endpoint: proxy.endpoint,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }
  })
  const peers = clientsFor(proxy.endpoint)
  const shop = createShop(client, { tableName: 'bench-abort' })
  proxy.setPolicy(() => ({ kind: 'respond', status: 400, errorType: 'ThrottlingException' }))
  const random = seededRandom(9)
  const TableName = shop.table.getName()

  const latency = async (call: (signal: AbortSignal) => Promise<unknown>) => {
    const controller = new AbortController()
    const settled = call(controller.signal).catch(() => undefined)
    await new Promise(resolve => setTimeout(resolve, random() * 200))
    const abortedAt = performance.now()
    controller.abort()
    await settled
    return performance.now() - abortedAt
  }
  const contenders: [string, (signal: AbortSignal) => Promise<unknown>][] = [
    [
      'monotable transactWrite',
      signal =>
        client.transactWrite([shop.Lead.transactPut({ leadId: 'a', email: 'e', name: 'n' })], {
          signal
        })
    ],
    [
      'monotable batchWrite',
      signal =>
        client.batchWrite([shop.Lead.batchPut({ leadId: 'a', email: 'e', name: 'n' })], {
          signal
        })
    ],
    [
      'monotable Entity.put',
      signal => shop.Lead.put({ leadId: 'a', email: 'e', name: 'n' }, { signal })
    ],
    [
      'raw TransactWriteCommand, SDK retries, abortSignal',
      signal =>
        peers.document.send(
          new TransactWriteCommand({
            TransactItems: [{ Put: { TableName, Item: { pk: 'a', sk: 'a' } } }]
          }),
          { abortSignal: signal }
        )
    ],
    [
      'raw PutCommand, SDK retries, abortSignal',
      signal =>
        peers.document.send(new PutCommand({ TableName, Item: { pk: 'a', sk: 'a' } }), {
          abortSignal: signal
        })
    ]
  ]
  const rows = []
  for (const [contender, call] of contenders) {
    const samples: number[] = []
    for (let trial = 0; trial < options.trials; trial += 1) samples.push(await latency(call))
    rows.push({ contender, samples })
  }
  client.destroy()
  peers.destroy()
  await proxy.close()
  await backend.close()
  return {
    title: `9. Abort latency in a throttle storm (${options.trials} aborts each, at a random moment)`,
    unit: 'ms from abort() to rejection',
    higherIsBetter: false,
    baseline: 'raw TransactWriteCommand, SDK retries, abortSignal',
    rows,
    comment:
      'Transactions and single-item calls pass the signal to the one HTTP attempt in flight; a batch lets the call in flight finish (one attempt) so that every request ends written or handed back, never both.'
  }
}
