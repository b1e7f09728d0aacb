import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'

import { item, key, N, putItems, S } from '../support/attributes.js'
import type { Scenario } from '../support/scenario.js'
import { FAILING_V_CONDITION } from './requests.js'

const FAILED = 'ConditionalCheckFailedException'
const STORED = item('x', 's', { v: N(1), note: S('old') })

export const conditionalWriteScenarios: Scenario[] = [
  {
    name: 'PutItem ALL_OLD: ConditionalCheckFailedException carries the old Item',
    reference: 'D1, E',
    setup: (client, tables) => putItems(client, tables.a, [STORED]),
    run: async (client, tables) => {
      await client.send(
        new PutItemCommand({
          TableName: tables.a,
          Item: item('x', 's', { v: N(9) }),
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD'
        })
      )
      return {}
    },
    expected: { outcome: { ok: false, errorName: FAILED, item: STORED }, state: 'unchanged' }
  },
  {
    name: 'UpdateItem ALL_OLD: ConditionalCheckFailedException carries the old Item',
    reference: 'D1, E',
    setup: (client, tables) => putItems(client, tables.a, [STORED]),
    run: async (client, tables) => {
      await client.send(
        new UpdateItemCommand({
          TableName: tables.a,
          Key: key('x'),
          UpdateExpression: 'SET note = :new',
          ConditionExpression: 'v = :two',
          ExpressionAttributeValues: {
            ...FAILING_V_CONDITION.ExpressionAttributeValues,
            ':new': S('new')
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD'
        })
      )
      return {}
    },
    expected: { outcome: { ok: false, errorName: FAILED, item: STORED }, state: 'unchanged' }
  },
  {
    name: 'DeleteItem ALL_OLD: ConditionalCheckFailedException carries the old Item',
    reference: 'D1, E',
    setup: (client, tables) => putItems(client, tables.a, [STORED]),
    run: async (client, tables) => {
      await client.send(
        new DeleteItemCommand({
          TableName: tables.a,
          Key: key('x'),
          ...FAILING_V_CONDITION,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD'
        })
      )
      return {}
    },
    expected: { outcome: { ok: false, errorName: FAILED, item: STORED }, state: 'unchanged' }
  },
  {
    name: 'UpdateItem ALL_OLD on a missing item: no Item on the error',
    reference: 'D1',
    run: async (client, tables) => {
      await client.send(
        new UpdateItemCommand({
          TableName: tables.a,
          Key: key('absent'),
          UpdateExpression: 'SET note = :new',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':new': S('new') },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD'
        })
      )
      return {}
    },
    expected: { outcome: { ok: false, errorName: FAILED }, state: { a: [] } }
  }
]
