import { clientsFor, dropTable, freshShop } from '../support/contenders.js'
import { lead } from '../support/items.js'
import { startBackendProcess, startScriptProcess } from '../support/processes.js'
import type { WorkloadReport } from '../support/report.js'
import { seconds, takeTurns } from '../support/stats.js'
import { DEFAULT_BATCH_CONCURRENCY } from 'monotable'

const LEVELS = [1, 2, 4, 8, 16, 32]

/** 1b. What `concurrency` buys when every call takes a network round trip. */
export async function concurrency(options: {
  items: number
  runs: number
  latencyMs: number
}): Promise<WorkloadReport> {
  const backend = await startBackendProcess()
  const proxy = await startScriptProcess('bench/support/latencyProxy.ts', [
    backend.endpoint,
    String(options.latencyMs)
  ])
  const clients = clientsFor(proxy.endpoint)
  try {
    const items = Array.from({ length: options.items }, (_, index) => lead(index))
    const measured = await takeTurns(
      LEVELS.map(
        level =>
          [
            `concurrency ${level}${level === DEFAULT_BATCH_CONCURRENCY ? ' (default)' : ''}`,
            async () => {
              const shop = await freshShop(clients, 'concurrency')
              const elapsed = await seconds(() =>
                clients.monotable.batchWrite(
                  items.map(item => shop.Lead.batchPut(item)),
                  { concurrency: level }
                )
              )
              await dropTable(clients, shop)
              return items.length / elapsed
            }
          ] as const
      ),
      options.runs
    )
    return {
      title: `1b. batchWrite concurrency with ${options.latencyMs} ms per call (${options.items.toLocaleString('en-US')} items)`,
      unit: 'items/s',
      higherIsBetter: true,
      baseline: `concurrency ${DEFAULT_BATCH_CONCURRENCY} (default)`,
      rows: [...measured].map(([contender, samples]) => ({ contender, samples })),
      comment: `A proxy in its own process holds every call ${options.latencyMs} ms, as a network round trip to DynamoDB would; the embedded backend behind it serves one call at a time, as a single partition would.`
    }
  } finally {
    clients.destroy()
    await proxy.close()
    await backend.close()
  }
}
