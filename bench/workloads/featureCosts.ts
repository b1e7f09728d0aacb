import { $add } from 'dynamodb-toolbox/entity/actions/update'
import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'

import { defineEntity, defineTable, ensureTable, type MonotableClient } from 'monotable'
import { clientsFor } from '../support/contenders.js'
import { startBackendProcess } from '../support/processes.js'
import type { WorkloadReport } from '../support/report.js'
import { seconds, takeTurns } from '../support/stats.js'

const PLAIN = 'plain entity'
const LINES = 5

/** The same entity, plain and with each feature. */
function declare(client: MonotableClient, tableName: string) {
  const table = defineTable({ name: tableName, client })
  const fields = { id: string().key(), email: string(), name: string(), stock: number() }
  const key = { pk: 'X#<id>', sk: 'X' } as const
  return {
    table,
    plain: defineEntity(table, { name: 'Plain', schema: item(fields), key }),
    timestamps: defineEntity(table, {
      name: 'Stamped',
      schema: item(fields),
      key: { pk: 'S#<id>', sk: 'S' },
      timestamps: true
    }),
    version: defineEntity(table, {
      name: 'Versioned',
      schema: item({ ...fields, version: number().default(0) }),
      key: { pk: 'V#<id>', sk: 'V' },
      version: 'version'
    }),
    unique: defineEntity(table, {
      name: 'Unique',
      schema: item(fields),
      key: { pk: 'U#<id>', sk: 'U' },
      unique: { email: ['email'] }
    })
  }
}

type Entities = ReturnType<typeof declare>
/** What the workload calls, alike on every variant. */
interface Writable {
  put(item: unknown): Promise<unknown>
  batchPut(
    item: unknown
  ): Parameters<MonotableClient['batchWrite']>[0] extends Iterable<infer R> ? R : never
  transactUpdate(item: unknown): Parameters<MonotableClient['transactWrite']>[0][number]
  transactPut(item: unknown): Parameters<MonotableClient['transactWrite']>[0][number]
}
type Variant = Exclude<keyof Entities, 'table'>
const VARIANTS: readonly Variant[] = ['plain', 'timestamps', 'version', 'unique']
const LABELS: Record<Variant, string> = {
  plain: PLAIN,
  timestamps: 'with timestamps',
  version: 'with a version',
  unique: 'with a unique email (a read, then a transaction with its guard)'
}

/**
 * 11. What each entity feature costs: a put of a new item, and a placeOrder-shaped transaction (a
 * stock update on 5 items and 6 puts), each beside the same call on the plain entity.
 */
export async function featureCosts(options: {
  calls: number
  runs: number
}): Promise<WorkloadReport[]> {
  const backend = await startBackendProcess()
  const clients = clientsFor(backend.endpoint)
  const entities = declare(clients.monotable, 'bench-features')
  await ensureTable(entities.table)
  let round = 0

  const putsPerSecond = (variant: Variant) => async () => {
    round += 1
    const entity = entities[variant] as unknown as Writable
    const elapsed = await seconds(async () => {
      for (let index = 0; index < options.calls; index += 1) {
        const id = `${round}-${index}`
        await entity.put({ id, email: `${id}@x`, name: 'n', stock: 10 })
      }
    })
    return options.calls / elapsed
  }

  const transactionsPerSecond = (variant: Variant) => async () => {
    round += 1
    const entity = entities[variant] as unknown as Writable
    const stock = Array.from({ length: LINES }, (_, line) => `${round}-stock-${line}`)
    await clients.monotable.batchWrite(
      variant === 'unique'
        ? []
        : stock.map(id => entity.batchPut({ id, email: `${id}@x`, name: 'n', stock: 1e6 }))
    )
    if (variant === 'unique') {
      for (const id of stock) await entity.put({ id, email: `${id}@x`, name: 'n', stock: 1e6 })
    }
    const transactions = Math.max(1, Math.floor(options.calls / 5))
    const elapsed = await seconds(async () => {
      for (let index = 0; index < transactions; index += 1) {
        await clients.monotable.transactWrite([
          ...stock.map(id => entity.transactUpdate({ id, stock: $add(-1) })),
          ...Array.from({ length: LINES + 1 }, (_, line) => {
            const id = `${round}-order-${index}-${line}`
            return entity.transactPut({ id, email: `${id}@x`, name: 'n', stock: 1 })
          })
        ])
      }
    })
    return transactions / elapsed
  }

  const puts = await takeTurns(
    VARIANTS.map(variant => [LABELS[variant], putsPerSecond(variant)] as const),
    options.runs
  )
  // Versioned updates need the version read; the transaction compares the features that do not.
  const transactionVariants = VARIANTS.filter(variant => variant !== 'version')
  const transactions = await takeTurns(
    transactionVariants.map(variant => [LABELS[variant], transactionsPerSecond(variant)] as const),
    options.runs
  )
  clients.destroy()
  await backend.close()
  return [
    {
      title: `11a. What entity features cost: ${options.calls} sequential puts of new items`,
      unit: 'puts/s',
      higherIsBetter: true,
      baseline: PLAIN,
      rows: [...puts].map(([contender, samples]) => ({ contender, samples }))
    },
    {
      title: `11b. … and a placeOrder-shaped transaction (${LINES} stock updates, ${LINES + 1} puts)`,
      unit: 'transactions/s',
      higherIsBetter: true,
      baseline: PLAIN,
      rows: [...transactions].map(([contender, samples]) => ({ contender, samples })),
      comment:
        'With unique values, each put brings its guard item (6 more actions) and a read first. Versioned updates need the version read, so the transaction leaves them out.'
    }
  ]
}
