import { PutItemCommand } from '@aws-sdk/client-dynamodb'

import { item, itemOfSize, key, keyRange, N, S } from '../support/attributes.js'
import type { Scenario } from '../support/scenario.js'
import {
  deleteItem,
  EXISTS_CONDITION,
  incrementCounter,
  ITEM_V1,
  put,
  transactWrite
} from './requests.js'

const OK = { ok: true, response: {} } as const

export const transactWriteSuccessScenarios: Scenario[] = [
  {
    name: 'TransactWriteItems: Put + Put on two tables',
    reference: 'D',
    tableCount: 2,
    run: (client, tables) =>
      transactWrite(client, [
        put(tables.a, item('p1', 's', { v: N(1) })),
        put(tables.b, item('p2', 's', { v: S('two') }))
      ]),
    expected: {
      outcome: OK,
      state: { a: [item('p1', 's', { v: N(1) })], b: [item('p2', 's', { v: S('two') })] }
    }
  },
  {
    name: 'TransactWriteItems: Update with ADD n :one and SET',
    reference: 'D',
    setup: async (client, tables) => {
      await client.send(
        new PutItemCommand({ TableName: tables.a, Item: item('u', 's', { n: N(41) }) })
      )
    },
    run: (client, tables) =>
      transactWrite(client, [
        {
          Update: {
            TableName: tables.a,
            Key: key('u'),
            UpdateExpression: 'ADD n :one SET #status = :status, tags = :tags',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':one': N(1),
              ':status': S('shipped'),
              ':tags': { L: [S('a'), N('2.5')] }
            }
          }
        },
        incrementCounter(tables.a, key('fresh'))
      ]),
    expected: {
      outcome: OK,
      state: {
        a: [
          item('fresh', 's', { n: N(1) }),
          item('u', 's', { n: N(42), status: S('shipped'), tags: { L: [S('a'), N('2.5')] } })
        ]
      }
    }
  },
  {
    name: 'TransactWriteItems: Delete of an existing and of a missing item',
    reference: 'D',
    setup: async (client, tables) => {
      await client.send(new PutItemCommand({ TableName: tables.a, Item: item('d', 's', ITEM_V1) }))
      await client.send(new PutItemCommand({ TableName: tables.a, Item: item('keep') }))
    },
    run: (client, tables) =>
      transactWrite(client, [deleteItem(tables.a, key('d')), deleteItem(tables.a, key('never'))]),
    expected: { outcome: OK, state: { a: [item('keep')] } }
  },
  {
    name: 'TransactWriteItems: only a passing ConditionCheck',
    reference: 'D',
    setup: async (client, tables) => {
      await client.send(new PutItemCommand({ TableName: tables.a, Item: item('c', 's', ITEM_V1) }))
    },
    run: (client, tables) =>
      transactWrite(client, [
        {
          ConditionCheck: {
            TableName: tables.a,
            Key: key('c'),
            ConditionExpression: 'v = :one',
            ExpressionAttributeValues: { ':one': N(1) }
          }
        }
      ]),
    expected: { outcome: OK, state: 'unchanged' }
  },
  {
    name: 'TransactWriteItems: 100 actions',
    reference: 'D',
    run: (client, tables) =>
      transactWrite(
        client,
        keyRange('k', 100).map(pk => put(tables.a, item(pk)))
      ),
    expected: { outcome: OK, state: { a: keyRange('k', 100).map(pk => item(pk)) } }
  },
  {
    name: 'TransactWriteItems: 10 puts of ~400 KB (just under 4 MB)',
    reference: 'D',
    run: (client, tables) =>
      transactWrite(
        client,
        keyRange('big', 10).map(pk => put(tables.a, itemOfSize(pk, 400_000)))
      ),
    expected: {
      outcome: OK,
      state: { a: keyRange('big', 10).map(pk => itemOfSize(pk, 400_000)) }
    }
  },
  {
    name: 'TransactWriteItems: ConditionCheck + Put + Update + Delete',
    reference: 'D',
    tableCount: 2,
    setup: async (client, tables) => {
      await client.send(new PutItemCommand({ TableName: tables.b, Item: item('c', 's', ITEM_V1) }))
      await client.send(new PutItemCommand({ TableName: tables.a, Item: item('u', 's', ITEM_V1) }))
      await client.send(new PutItemCommand({ TableName: tables.a, Item: item('d', 's', ITEM_V1) }))
    },
    run: (client, tables) =>
      transactWrite(client, [
        { ConditionCheck: { TableName: tables.b, Key: key('c'), ...EXISTS_CONDITION } },
        put(tables.a, item('p', 's', { v: S('new') })),
        {
          Update: {
            TableName: tables.a,
            Key: key('u'),
            UpdateExpression: 'SET v = v + :one REMOVE gone',
            ConditionExpression: 'v = :one',
            ExpressionAttributeValues: { ':one': N(1) }
          }
        },
        { Delete: { TableName: tables.a, Key: key('d'), ...EXISTS_CONDITION } }
      ]),
    expected: {
      outcome: OK,
      state: {
        a: [item('p', 's', { v: S('new') }), item('u', 's', { v: N(2) })],
        b: [item('c', 's', ITEM_V1)]
      }
    }
  },
  {
    name: 'TransactWriteItems: Put with attribute_not_exists(pk) on a new item',
    reference: 'D',
    run: (client, tables) =>
      transactWrite(client, [
        {
          Put: {
            TableName: tables.a,
            Item: item('new', 's', ITEM_V1),
            ConditionExpression: 'attribute_not_exists(pk)'
          }
        }
      ]),
    expected: { outcome: OK, state: { a: [item('new', 's', ITEM_V1)] } }
  }
]
