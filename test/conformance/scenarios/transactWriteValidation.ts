import { PutItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb'

import {
  item,
  itemOfSize,
  key,
  keyRange,
  MAX_ITEM_SIZE_BYTES,
  N,
  S
} from '../support/attributes.js'
import type { Scenario } from '../support/scenario.js'
import { EXISTS_CONDITION, incrementCounter, ITEM_V1, put, transactWrite } from './requests.js'

const VALIDATION = { ok: false, errorName: 'ValidationException' } as const
const NOTHING_WRITTEN = { a: [] }

/** Request shapes the SDK types forbid but a client can still send. */
function unchecked(action: object): TransactWriteItem {
  return action as TransactWriteItem
}

export const transactWriteValidationScenarios: Scenario[] = [
  {
    name: 'validation: empty TransactItems',
    reference: 'D',
    run: client => transactWrite(client, []),
    expected: { outcome: VALIDATION, state: NOTHING_WRITTEN }
  },
  {
    name: 'validation: 101 actions',
    reference: 'D',
    run: (client, tables) =>
      transactWrite(
        client,
        keyRange('k', 101).map(pk => put(tables.a, item(pk)))
      ),
    expected: { outcome: VALIDATION, state: NOTHING_WRITTEN }
  },
  {
    name: 'validation: Put + Put on the same item',
    reference: 'D',
    run: (client, tables) =>
      transactWrite(client, [
        put(tables.a, item('same', 's', { v: N(1) })),
        put(tables.a, item('same', 's', { v: N(2) }))
      ]),
    expected: { outcome: VALIDATION, state: NOTHING_WRITTEN }
  },
  {
    name: 'validation: ConditionCheck + Update on the same item',
    reference: 'D',
    setup: async (client, tables) => {
      await client.send(
        new PutItemCommand({ TableName: tables.a, Item: item('same', 's', ITEM_V1) })
      )
    },
    run: (client, tables) =>
      transactWrite(client, [
        { ConditionCheck: { TableName: tables.a, Key: key('same'), ...EXISTS_CONDITION } },
        incrementCounter(tables.a, key('same'))
      ]),
    expected: { outcome: VALIDATION, state: 'unchanged' }
  },
  {
    name: 'validation: one TransactWriteItem holding both Put and Delete',
    reference: 'D',
    run: (client, tables) =>
      transactWrite(client, [
        unchecked({
          Put: { TableName: tables.a, Item: item('p') },
          Delete: { TableName: tables.a, Key: key('d') }
        })
      ]),
    expected: { outcome: VALIDATION, state: NOTHING_WRITTEN }
  },
  {
    name: 'validation: ConditionCheck without ConditionExpression',
    reference: 'D',
    run: (client, tables) =>
      transactWrite(client, [
        put(tables.a, item('p')),
        unchecked({ ConditionCheck: { TableName: tables.a, Key: key('c') } })
      ]),
    expected: { outcome: VALIDATION, state: NOTHING_WRITTEN }
  },
  {
    name: 'validation: a missing table rejects the whole transaction',
    reference: 'D',
    run: (client, tables) =>
      transactWrite(client, [put(tables.a, item('p')), put(`${tables.a}_missing`, item('q'))]),
    expected: {
      outcome: { ok: false, errorName: 'ResourceNotFoundException' },
      state: NOTHING_WRITTEN
    }
  },
  {
    name: 'validation: a Put of an item over 400 KB',
    reference: 'D',
    run: (client, tables) =>
      transactWrite(client, [
        put(tables.a, item('small')),
        put(tables.a, itemOfSize('big', MAX_ITEM_SIZE_BYTES + 1))
      ]),
    expected: { outcome: VALIDATION, state: NOTHING_WRITTEN }
  },
  {
    name: 'validation: 11 puts of ~400 KB (payload over 4 MB)',
    reference: 'D',
    run: (client, tables) =>
      transactWrite(
        client,
        keyRange('big', 11).map(pk => put(tables.a, itemOfSize(pk, 400_000)))
      ),
    expected: { outcome: VALIDATION, state: NOTHING_WRITTEN }
  },
  {
    name: 'validation: ClientRequestToken of 37 characters',
    reference: 'D',
    run: (client, tables) =>
      transactWrite(client, [put(tables.a, item('p'))], { ClientRequestToken: 't'.repeat(37) }),
    expected: { outcome: VALIDATION, state: NOTHING_WRITTEN }
  },
  {
    name: 'validation: an Update whose value alone is over 400 KB',
    reference: 'D',
    setup: async (client, tables) => {
      await client.send(new PutItemCommand({ TableName: tables.a, Item: item('small') }))
    },
    run: (client, tables) =>
      transactWrite(client, [
        put(tables.a, item('other')),
        {
          Update: {
            TableName: tables.a,
            Key: key('small'),
            UpdateExpression: 'SET w = :padding',
            ExpressionAttributeValues: { ':padding': S('y'.repeat(MAX_ITEM_SIZE_BYTES + 400)) }
          }
        }
      ]),
    expected: { outcome: VALIDATION, state: 'unchanged' }
  },
  {
    name: 'validation: an empty-string key value',
    reference: 'D',
    run: (client, tables) =>
      transactWrite(client, [put(tables.a, item('p')), put(tables.a, item(''))]),
    expected: { outcome: VALIDATION, state: NOTHING_WRITTEN }
  },
  {
    name: 'validation: a Put missing the sort key',
    reference: 'B (key schema)',
    run: (client, tables) =>
      transactWrite(client, [put(tables.a, item('p')), put(tables.a, { pk: S('no-sort-key') })]),
    expected: { outcome: VALIDATION, state: NOTHING_WRITTEN }
  },
  {
    name: 'validation: two actions on one item win over a failing condition',
    reference: 'D, J.4',
    setup: async (client, tables) => {
      await client.send(new PutItemCommand({ TableName: tables.a, Item: item('x', 's', ITEM_V1) }))
    },
    run: (client, tables) =>
      transactWrite(client, [
        {
          ConditionCheck: {
            TableName: tables.a,
            Key: key('x'),
            ConditionExpression: 'attribute_not_exists(pk)'
          }
        },
        put(tables.a, item('dup')),
        put(tables.a, item('dup', 's', ITEM_V1))
      ]),
    expected: { outcome: VALIDATION, state: 'unchanged' }
  },
  {
    name: 'validation: a missing table wins over a failing condition',
    reference: 'D',
    setup: async (client, tables) => {
      await client.send(new PutItemCommand({ TableName: tables.a, Item: item('x', 's', ITEM_V1) }))
    },
    run: (client, tables) =>
      transactWrite(client, [
        {
          ConditionCheck: {
            TableName: tables.a,
            Key: key('x'),
            ConditionExpression: 'attribute_not_exists(pk)'
          }
        },
        put(`${tables.a}_missing`, item('q'))
      ]),
    expected: { outcome: { ok: false, errorName: 'ResourceNotFoundException' }, state: 'unchanged' }
  },
  {
    name: 'validation: Update ADD of a number to a string attribute',
    reference: 'D',
    setup: async (client, tables) => {
      await client.send(
        new PutItemCommand({ TableName: tables.a, Item: item('s1', 's', { n: S('text') }) })
      )
    },
    run: (client, tables) =>
      transactWrite(client, [put(tables.a, item('other')), incrementCounter(tables.a, key('s1'))]),
    expected: { outcome: VALIDATION, state: 'unchanged' }
  }
]
