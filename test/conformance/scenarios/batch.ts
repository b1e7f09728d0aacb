import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type DynamoDBClient,
  type KeysAndAttributes,
  type WriteRequest
} from '@aws-sdk/client-dynamodb'

import {
  type AttributeMap,
  byteLength,
  item,
  itemOfSize,
  key,
  keyRange,
  MAX_ITEM_SIZE_BYTES,
  putItems,
  S
} from '../support/attributes.js'
import type { Scenario, Tables } from '../support/scenario.js'

const VALIDATION = { ok: false, errorName: 'ValidationException' } as const
const LARGE_ITEM_COUNT = 50
const LARGE_KEYS = keyRange('L', LARGE_ITEM_COUNT)

function putRequest(Item: AttributeMap): WriteRequest {
  return { PutRequest: { Item } }
}

async function batchWrite(
  client: DynamoDBClient,
  RequestItems: Record<string, WriteRequest[]>
): Promise<unknown> {
  const output = await client.send(new BatchWriteItemCommand({ RequestItems }))
  return { UnprocessedItems: output.UnprocessedItems }
}

/** 50 items of 400 KB each: 20 MB, more than one 16 MB BatchGetItem response can carry. */
async function seedLargeItems(client: DynamoDBClient, tables: Tables): Promise<void> {
  await putItems(
    client,
    tables.a,
    LARGE_KEYS.map(pk => {
      const name = `n-${pk}`
      const padded = itemOfSize(pk, MAX_ITEM_SIZE_BYTES - byteLength('name') - byteLength(name))
      return { ...padded, name: S(name) }
    })
  )
}

/**
 * Counts instead of items: which keys a backend defers is its own business, but every requested
 * key must come back exactly once, either as an item or as an unprocessed key.
 */
async function batchGetLargeItems(
  client: DynamoDBClient,
  tables: Tables,
  projection: Omit<KeysAndAttributes, 'Keys'> = {}
): Promise<unknown> {
  const output = await client.send(
    new BatchGetItemCommand({
      RequestItems: { [tables.a]: { Keys: LARGE_KEYS.map(pk => key(pk)), ...projection } }
    })
  )
  const returned = output.Responses?.[tables.a] ?? []
  const { Keys: unprocessedKeys = [], ...echoed } = output.UnprocessedKeys?.[tables.a] ?? {}
  const seen = [...returned, ...unprocessedKeys].map(found => found.pk?.S).sort()
  return {
    returnedCount: returned.length,
    unprocessedCount: unprocessedKeys.length,
    everyKeyOnce: JSON.stringify(seen) === JSON.stringify(LARGE_KEYS),
    returnedAttributeNames: [...new Set(returned.flatMap(found => Object.keys(found)))].sort(),
    unprocessedTables: Object.keys(output.UnprocessedKeys ?? {}).map(name =>
      name === tables.a ? 'a' : name
    ),
    unprocessedEcho: echoed
  }
}

export const batchScenarios: Scenario[] = [
  {
    name: 'BatchWriteItem: 13 + 13 requests over two tables',
    reference: 'B, K.2',
    tableCount: 2,
    run: (client, tables) =>
      batchWrite(client, {
        [tables.a]: keyRange('a', 13).map(pk => putRequest(item(pk))),
        [tables.b]: keyRange('b', 13).map(pk => putRequest(item(pk)))
      }),
    expected: { outcome: VALIDATION, state: { a: [], b: [] } }
  },
  {
    name: 'BatchWriteItem: 26 requests on one table',
    reference: 'B',
    run: (client, tables) =>
      batchWrite(client, { [tables.a]: keyRange('a', 26).map(pk => putRequest(item(pk))) }),
    expected: { outcome: VALIDATION, state: { a: [] } }
  },
  {
    name: 'BatchWriteItem: one WriteRequest holding both PutRequest and DeleteRequest',
    reference: 'B, K.3',
    run: (client, tables) =>
      batchWrite(client, {
        [tables.a]: [
          putRequest(item('ok')),
          { PutRequest: { Item: item('p') }, DeleteRequest: { Key: key('d') } }
        ]
      }),
    expected: { outcome: VALIDATION, state: { a: [] } }
  },
  {
    name: 'BatchGetItem: 50 items of 400 KB are cut at 16 MB (40 returned, 10 unprocessed)',
    reference: 'C, K.4',
    setup: seedLargeItems,
    run: (client, tables) => batchGetLargeItems(client, tables),
    expected: {
      outcome: {
        ok: true,
        response: {
          returnedCount: 40,
          unprocessedCount: 10,
          everyKeyOnce: true,
          returnedAttributeNames: ['name', 'pk', 'sk', 'v'],
          unprocessedTables: ['a']
        }
      }
    }
  },
  {
    name: 'BatchGetItem: UnprocessedKeys echo ProjectionExpression and ExpressionAttributeNames',
    reference: 'C, K.4, K.5',
    setup: seedLargeItems,
    run: (client, tables) =>
      batchGetLargeItems(client, tables, {
        ProjectionExpression: 'pk, #n',
        ExpressionAttributeNames: { '#n': 'name' }
      }),
    expected: {
      outcome: {
        ok: true,
        response: {
          returnedCount: 40,
          unprocessedCount: 10,
          everyKeyOnce: true,
          returnedAttributeNames: ['name', 'pk'],
          unprocessedTables: ['a'],
          unprocessedEcho: {
            ProjectionExpression: 'pk, #n',
            ExpressionAttributeNames: { '#n': 'name' }
          }
        }
      }
    }
  }
]
