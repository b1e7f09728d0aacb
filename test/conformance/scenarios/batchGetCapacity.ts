import { BatchGetItemCommand, type ReturnConsumedCapacity } from '@aws-sdk/client-dynamodb'

import { item, key, keyRange, putItems, S } from '../support/attributes.js'
import type { Scenario, Tables } from '../support/scenario.js'

/** Items of about 10 bytes, 4.2 KB and 20 KB: 0.5, 1 and 2.5 read units when eventually read. */
const SIZES = [10, 4200, 20_000]

function batchGet(
  tables: Tables,
  ReturnConsumedCapacity: ReturnConsumedCapacity,
  ConsistentRead = false
) {
  return new BatchGetItemCommand({
    ReturnConsumedCapacity,
    RequestItems: {
      [tables.a]: {
        Keys: [...keyRange('k', SIZES.length), 'missing'].map(pk => key(pk)),
        ConsistentRead
      },
      [tables.b]: { Keys: [key('missing')] }
    }
  })
}

export const batchGetCapacityScenarios: Scenario[] = [
  {
    name: 'BatchGetItem ReturnConsumedCapacity: a Table part under INDEXES, nothing for missing keys',
    reference: 'M9',
    tableCount: 2,
    setup: (client, tables) =>
      putItems(
        client,
        tables.a,
        keyRange('k', SIZES.length).map((pk, position) =>
          item(pk, 's', { v: S('x'.repeat(SIZES[position] as number)) })
        )
      ),
    run: async (client, tables) => {
      // Local lists the tables in hash order of their (random) names: compare them sorted.
      const named = (capacity: { TableName?: string }[] = []) =>
        capacity
          .map(({ TableName, ...rest }) => ({ table: TableName === tables.a ? 'a' : 'b', ...rest }))
          .sort((left, right) => left.table.localeCompare(right.table))
      const indexes = await client.send(batchGet(tables, 'INDEXES'))
      const consistent = await client.send(batchGet(tables, 'INDEXES', true))
      const total = await client.send(batchGet(tables, 'TOTAL'))
      const none = await client.send(batchGet(tables, 'NONE'))
      return {
        indexes: named(indexes.ConsumedCapacity),
        consistent: named(consistent.ConsumedCapacity),
        total: named(total.ConsumedCapacity),
        none: none.ConsumedCapacity ?? 'absent'
      }
    },
    expected: {
      outcome: {
        ok: true,
        response: {
          indexes: [
            { table: 'a', CapacityUnits: 4, Table: { CapacityUnits: 4 } },
            { table: 'b', CapacityUnits: 0, Table: { CapacityUnits: 0 } }
          ],
          consistent: [
            { table: 'a', CapacityUnits: 8, Table: { CapacityUnits: 8 } },
            { table: 'b', CapacityUnits: 0, Table: { CapacityUnits: 0 } }
          ],
          total: [
            { table: 'a', CapacityUnits: 4 },
            { table: 'b', CapacityUnits: 0 }
          ],
          none: 'absent'
        }
      }
    }
  }
]
