import { type DynamoDBClient, type Get, TransactGetItemsCommand } from '@aws-sdk/client-dynamodb'

import { item, key, keyRange, N, putItems, S } from '../support/attributes.js'
import type { Scenario } from '../support/scenario.js'

const VALIDATION = { ok: false, errorName: 'ValidationException' } as const
const SEED = [
  item('a1', 's', { v: N(1), tag: S('first'), extra: S('x') }),
  item('a2', 's', { v: N(2), tag: S('second') })
]

/** Sends TransactGetItems; `Responses` is positional, a missing item is `{}`. */
async function transactGet(client: DynamoDBClient, gets: Get[]): Promise<unknown> {
  const output = await client.send(
    new TransactGetItemsCommand({ TransactItems: gets.map(Get => ({ Get })) })
  )
  return { Responses: output.Responses }
}

export const transactGetScenarios: Scenario[] = [
  {
    name: 'TransactGetItems: existing and missing items (missing is {})',
    reference: 'I',
    setup: (client, tables) => putItems(client, tables.a, SEED),
    run: (client, tables) =>
      transactGet(client, [
        { TableName: tables.a, Key: key('a1') },
        { TableName: tables.a, Key: key('missing') },
        { TableName: tables.a, Key: key('a2') }
      ]),
    expected: {
      outcome: { ok: true, response: { Responses: [{ Item: SEED[0] }, {}, { Item: SEED[1] }] } },
      state: 'unchanged'
    }
  },
  {
    name: 'TransactGetItems: ProjectionExpression per Get, keys not added',
    reference: 'I',
    setup: (client, tables) => putItems(client, tables.a, SEED),
    run: (client, tables) =>
      transactGet(client, [
        { TableName: tables.a, Key: key('a1'), ProjectionExpression: 'v' },
        {
          TableName: tables.a,
          Key: key('a2'),
          ProjectionExpression: '#t, pk',
          ExpressionAttributeNames: { '#t': 'tag' }
        },
        { TableName: tables.a, Key: key('missing'), ProjectionExpression: 'v' }
      ]),
    expected: {
      outcome: {
        ok: true,
        response: {
          Responses: [{ Item: { v: N(1) } }, { Item: { pk: S('a2'), tag: S('second') } }, {}]
        }
      },
      state: 'unchanged'
    }
  },
  {
    name: 'TransactGetItems: the same key twice',
    reference: 'I',
    setup: (client, tables) => putItems(client, tables.a, SEED),
    run: (client, tables) =>
      transactGet(client, [
        { TableName: tables.a, Key: key('a1') },
        { TableName: tables.a, Key: key('a1'), ProjectionExpression: 'v' }
      ]),
    expected: { outcome: VALIDATION, state: 'unchanged' }
  },
  {
    name: 'TransactGetItems: a missing table',
    reference: 'I',
    setup: (client, tables) => putItems(client, tables.a, SEED),
    run: (client, tables) =>
      transactGet(client, [
        { TableName: tables.a, Key: key('a1') },
        { TableName: `${tables.a}_missing`, Key: key('a1') }
      ]),
    expected: { outcome: { ok: false, errorName: 'ResourceNotFoundException' }, state: 'unchanged' }
  },
  {
    name: 'TransactGetItems: 101 Gets',
    reference: 'I',
    run: (client, tables) =>
      transactGet(
        client,
        keyRange('g', 101).map(pk => ({ TableName: tables.a, Key: key(pk) }))
      ),
    expected: { outcome: VALIDATION, state: { a: [] } }
  },
  {
    name: 'TransactGetItems: 100 Gets',
    reference: 'I',
    setup: (client, tables) =>
      putItems(
        client,
        tables.a,
        keyRange('g', 90).map((pk, index) => item(pk, 's', { v: N(index) }))
      ),
    run: (client, tables) =>
      transactGet(
        client,
        keyRange('g', 100).map(pk => ({ TableName: tables.a, Key: key(pk) }))
      ),
    expected: {
      outcome: {
        ok: true,
        response: {
          Responses: keyRange('g', 100).map((pk, index) =>
            index < 90 ? { Item: item(pk, 's', { v: N(index) }) } : {}
          )
        }
      },
      state: 'unchanged'
    }
  }
]
