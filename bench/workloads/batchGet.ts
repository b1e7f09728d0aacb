import { BatchGetCommand } from '@aws-sdk/lib-dynamodb'
import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet'
import {
  BatchGetCommand as ToolboxBatchGetCommand,
  execute as executeBatchGet
} from 'dynamodb-toolbox/table/actions/batchGet'

import type { Shop } from 'monotable/shop'
import { type Clients, clientsFor, freshShop } from '../support/contenders.js'
import { lead } from '../support/items.js'
import { startBackendProcess } from '../support/processes.js'
import { MONOTABLE, type WorkloadReport } from '../support/report.js'
import { seconds, takeTurns } from '../support/stats.js'

const KEYS_PER_CALL = 100

type Reader = (clients: Clients, shop: Shop, ids: readonly string[]) => Promise<number>

const contenders: [string, Reader][] = [
  [
    MONOTABLE,
    async (clients, shop, ids) => {
      const items = await clients.monotable.batchGet(
        ids.map(leadId => shop.Lead.batchGet({ leadId }))
      )
      return items.filter(item => item !== undefined).length
    }
  ],
  [
    'dynamodb-toolbox execute (chunks of 100)',
    async (_, shop, ids) => {
      let found = 0
      for (let start = 0; start < ids.length; start += KEYS_PER_CALL) {
        const requests = ids
          .slice(start, start + KEYS_PER_CALL)
          .map(leadId => shop.Lead.entity.build(BatchGetRequest).key({ leadId }))
        const { Responses } = await executeBatchGet(
          { maxAttempts: 5 },
          shop.table.build(ToolboxBatchGetCommand).requests(...requests)
        )
        found += (Responses?.[0] ?? []).filter(item => item !== undefined).length
      }
      return found
    }
  ],
  [
    'raw DocumentClient loop',
    async (clients, shop, ids) => {
      const table = shop.table.getName()
      let found = 0
      for (let start = 0; start < ids.length; start += KEYS_PER_CALL) {
        let Keys: Record<string, unknown>[] = ids
          .slice(start, start + KEYS_PER_CALL)
          .map(leadId => ({ pk: `LEAD#${leadId}`, sk: 'LEAD' }))
        while (Keys.length > 0) {
          const { Responses = {}, UnprocessedKeys = {} } = await clients.document.send(
            new BatchGetCommand({ RequestItems: { [table]: { Keys } } })
          )
          found += Responses[table]?.length ?? 0
          Keys = (UnprocessedKeys[table]?.Keys ?? []) as Record<string, unknown>[]
        }
      }
      return found
    }
  ]
]

/** 4. Reading keys back with BatchGetItem, from the embedded backend in its own process. */
export async function batchGet(options: { keys: number; runs: number }): Promise<WorkloadReport> {
  const backend = await startBackendProcess()
  const clients = clientsFor(backend.endpoint)
  try {
    const shop = await freshShop(clients, 'get')
    const items = Array.from({ length: options.keys }, (_, index) => lead(index))
    await clients.monotable.batchWrite(items.map(item => shop.Lead.batchPut(item)))
    const ids = items.map(item => item.leadId)
    const measured = await takeTurns(
      contenders.map(
        ([contender, read]) =>
          [
            contender,
            async () => {
              let found = 0
              const elapsed = await seconds(async () => {
                found = await read(clients, shop, ids)
              })
              if (found !== ids.length)
                throw new Error(`${contender} read ${found} of ${ids.length} items`)
              return ids.length / elapsed
            }
          ] as const
      ),
      options.runs
    )
    const rows = [...measured].map(([contender, samples]) => ({ contender, samples }))
    return {
      title: `4. batchGet of ${options.keys.toLocaleString('en-US')} keys`,
      unit: 'items/s',
      higherIsBetter: true,
      baseline: 'best peer',
      rows,
      comment:
        'Against the embedded backend in its own process; every run reads every key and checks all were found.'
    }
  } finally {
    clients.destroy()
    await backend.close()
  }
}
