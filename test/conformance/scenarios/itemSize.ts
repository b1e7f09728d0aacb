import { BatchWriteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'

import {
  type AttributeMap,
  byteLength,
  item,
  itemOfSize,
  MAX_ITEM_SIZE_BYTES,
  S
} from '../support/attributes.js'
import type { Scenario } from '../support/scenario.js'

const VALIDATION = { ok: false, errorName: 'ValidationException' } as const

/**
 * An item whose `v` is a string of 'é' (2 UTF-8 bytes, 1 UTF-16 unit each), `sizeBytes` long in
 * UTF-8. Counted in UTF-16 units it is about half as big, so far under the limit.
 */
function accentedItemOfSize(pk: string, sizeBytes: number): AttributeMap {
  // The sort key's length makes the padding an even number of bytes.
  const overheadWith = (sk: string) =>
    byteLength('pk') + byteLength(pk) + byteLength('sk') + byteLength(sk) + byteLength('v')
  const sk = (sizeBytes - overheadWith('s')) % 2 === 0 ? 's' : 'ss'
  return item(pk, sk, { v: S('é'.repeat((sizeBytes - overheadWith(sk)) / 2)) })
}

function assertSize(candidate: AttributeMap, sizeBytes: number): AttributeMap {
  const measured = Object.entries(candidate).reduce(
    (total, [name, value]) => total + byteLength(name) + byteLength(value.S ?? ''),
    0
  )
  if (measured !== sizeBytes) throw new Error(`item is ${measured} bytes, not ${sizeBytes}`)
  return candidate
}

const ACCENTED_OVER = assertSize(accentedItemOfSize('u8', MAX_ITEM_SIZE_BYTES + 1), 409_601)
const ACCENTED_AT_LIMIT = assertSize(accentedItemOfSize('u8', MAX_ITEM_SIZE_BYTES), 409_600)
const ASCII_AT_LIMIT = assertSize(itemOfSize('ascii', MAX_ITEM_SIZE_BYTES), 409_600)
const ASCII_OVER = assertSize(itemOfSize('ascii', MAX_ITEM_SIZE_BYTES + 1), 409_601)

async function putItem(
  client: Parameters<Scenario['run']>[0],
  TableName: string,
  Item: AttributeMap
) {
  await client.send(new PutItemCommand({ TableName, Item }))
  return {}
}

export const itemSizeScenarios: Scenario[] = [
  {
    name: 'item size: PutItem of 409,601 UTF-8 bytes of é (under the limit in UTF-16)',
    reference: 'G, K.7',
    run: (client, tables) => putItem(client, tables.a, ACCENTED_OVER),
    expected: { outcome: VALIDATION, state: { a: [] } }
  },
  {
    name: 'item size: BatchWriteItem with an item of 409,601 UTF-8 bytes of é',
    reference: 'G, K.7',
    run: async (client, tables) => {
      await client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [tables.a]: [
              { PutRequest: { Item: item('small') } },
              { PutRequest: { Item: ACCENTED_OVER } }
            ]
          }
        })
      )
      return {}
    },
    expected: { outcome: VALIDATION, state: { a: [] } }
  },
  {
    name: 'item size: PutItem of exactly 409,600 UTF-8 bytes of é is accepted',
    reference: 'G',
    run: (client, tables) => putItem(client, tables.a, ACCENTED_AT_LIMIT),
    expected: { outcome: { ok: true, response: {} }, state: { a: [ACCENTED_AT_LIMIT] } }
  },
  {
    name: 'item size: PutItem of exactly 409,600 ASCII bytes is accepted',
    reference: 'B, G',
    run: (client, tables) => putItem(client, tables.a, ASCII_AT_LIMIT),
    expected: { outcome: { ok: true, response: {} }, state: { a: [ASCII_AT_LIMIT] } }
  },
  {
    name: 'item size: BatchWriteItem of exactly 409,600 ASCII bytes is accepted',
    reference: 'B',
    run: async (client, tables) => {
      const output = await client.send(
        new BatchWriteItemCommand({
          RequestItems: { [tables.a]: [{ PutRequest: { Item: ASCII_AT_LIMIT } }] }
        })
      )
      return { UnprocessedItems: output.UnprocessedItems }
    },
    expected: {
      outcome: { ok: true, response: { UnprocessedItems: {} } },
      state: { a: [ASCII_AT_LIMIT] }
    }
  },
  {
    name: 'item size: PutItem of 409,601 ASCII bytes',
    reference: 'B, G',
    run: (client, tables) => putItem(client, tables.a, ASCII_OVER),
    expected: { outcome: VALIDATION, state: { a: [] } }
  }
]
