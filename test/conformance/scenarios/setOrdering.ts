import {
  BatchGetItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput
} from '@aws-sdk/client-dynamodb'

import { type AttributeMap, key, putItems } from '../support/attributes.js'
import type { Scenario } from '../support/scenario.js'

const bytes = (...values: number[]) => Buffer.from(values)

/**
 * Members in insertion order, chosen where orders differ: upper before lower case, UTF-16 against
 * UTF-8 order ('😀' against U+FFFF), numbers against their text, signed against unsigned bytes.
 */
const SETS: AttributeMap = {
  ss: { SS: ['b', 'a', 'B', 'é', 'aa', '', 'Z', '10', '9', '\uffff', '😀'] },
  ns: { NS: ['10', '9', '-1', '1.5', '20', '-0.5', '100', '0'] },
  bs: { BS: [bytes(0xff), bytes(0), bytes(1), bytes(0, 1), bytes(0x80), bytes(0x7f)] },
  nested: { M: { inner: { SS: ['z', 'a', 'm'] }, list: { L: [{ NS: ['3', '1', '2'] }] } } }
}

const STORED = { ...key('sets'), ...SETS }

export const setOrderingScenarios: Scenario[] = [
  {
    name: 'sets: members come back sorted from every read, as DynamoDB Local stores them',
    reference: 'M8',
    setup: (client, tables) => putItems(client, tables.a, [STORED]),
    run: async (client, tables) => {
      const TableName = tables.a
      const get = await client.send(new GetItemCommand({ TableName, Key: key('sets') }))
      const query = await client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'sets' } }
        })
      )
      const scan = await client.send(new ScanCommand({ TableName }))
      const batch = await client.send(
        new BatchGetItemCommand({ RequestItems: { [TableName]: { Keys: [key('sets')] } } })
      )
      const transact = await client.send(
        new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName, Key: key('sets') } }] })
      )
      const added = await client.send(
        new UpdateItemCommand({
          TableName,
          Key: key('sets'),
          UpdateExpression: 'ADD ss :s, ns :n',
          ExpressionAttributeValues: { ':s': { SS: ['A', 'c'] }, ':n': { NS: ['-100', '5'] } },
          ReturnValues: 'UPDATED_NEW'
        })
      )
      const set = await client.send(
        new UpdateItemCommand({
          TableName,
          Key: key('sets'),
          UpdateExpression: 'SET fresh = :f',
          ExpressionAttributeValues: { ':f': { SS: ['y', 'x'] } },
          ReturnValues: 'ALL_NEW'
        })
      )
      const replaced = await client.send(
        new PutItemCommand({ TableName, Item: STORED, ReturnValues: 'ALL_OLD' })
      )
      const failed = await client
        .send(
          new PutItemCommand({
            TableName,
            Item: STORED,
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD'
          })
        )
        .catch((error: { Item?: AttributeMap }) => error.Item)
      return {
        get: get.Item,
        query: query.Items?.[0],
        scan: scan.Items?.[0],
        batchGet: batch.Responses?.[TableName]?.[0],
        transactGet: transact.Responses?.[0]?.Item,
        updatedNew: added.Attributes,
        allNew: set.Attributes?.fresh,
        allOld: replaced.Attributes,
        conditionFailedItem: failed
      }
    },
    expected: {
      outcome: {
        ok: true,
        response: {
          // Read from a put: Java order, so '😀' (D83D DE00) before U+FFFF and signed bytes.
          get: {
            ss: { SS: ['', '10', '9', 'B', 'Z', 'a', 'aa', 'b', 'é', '😀', '\uffff'] },
            ns: { NS: ['-1', '-0.5', '0', '1.5', '9', '10', '20', '100'] },
            bs: {
              BS: [bytes(0x80), bytes(0xff), bytes(0), bytes(0, 1), bytes(1), bytes(0x7f)]
            },
            nested: {
              M: { inner: { SS: ['a', 'm', 'z'] }, list: { L: [{ NS: ['1', '2', '3'] }] } }
            }
          },
          updatedNew: {
            // Changed by ADD: byte order, so U+FFFF (EF BF BF) before '😀' (F0 9F 98 80).
            ss: { SS: ['', '10', '9', 'A', 'B', 'Z', 'a', 'aa', 'b', 'c', 'é', '\uffff', '😀'] },
            ns: { NS: ['-100', '-1', '-0.5', '0', '1.5', '5', '9', '10', '20', '100'] }
          },
          allNew: { SS: ['x', 'y'] }
        }
      }
    }
  },
  {
    name: 'sets: ADD and DELETE re-sort a set they change in byte order; legacy ADD appends',
    reference: 'M8',
    setup: (client, tables) =>
      putItems(client, tables.a, [
        {
          ...key('sets'),
          bs: { BS: [bytes(0xff), bytes(0), bytes(0x80)] },
          ns: { NS: ['10', '9'] }
        }
      ]),
    run: async (client, tables) => {
      const update = async (input: Omit<UpdateItemCommandInput, 'TableName' | 'Key'>) =>
        (
          await client.send(
            new UpdateItemCommand({
              TableName: tables.a,
              Key: key('sets'),
              ReturnValues: 'UPDATED_NEW',
              ...input
            })
          )
        ).Attributes
      return {
        addBinary: await update({
          UpdateExpression: 'ADD bs :b',
          ExpressionAttributeValues: { ':b': { BS: [bytes(1)] } }
        }),
        legacyAdd: await update({
          AttributeUpdates: { ns: { Action: 'ADD', Value: { NS: ['7', '-200'] } } }
        }),
        addPresentMember: await update({
          UpdateExpression: 'ADD ns :n',
          ExpressionAttributeValues: { ':n': { NS: ['9'] } }
        }),
        deleteAbsentMember: await update({
          UpdateExpression: 'DELETE ns :n',
          ExpressionAttributeValues: { ':n': { NS: ['1234'] } }
        }),
        deletePresentMember: await update({
          UpdateExpression: 'DELETE ns :n',
          ExpressionAttributeValues: { ':n': { NS: ['9'] } }
        }),
        newSetByAdd: await update({
          UpdateExpression: 'ADD fresh :s',
          ExpressionAttributeValues: { ':s': { SS: ['\uffff', '😀', 'a'] } }
        })
      }
    },
    expected: {
      outcome: {
        ok: true,
        response: {
          addBinary: { bs: { BS: [bytes(0), bytes(1), bytes(0x80), bytes(0xff)] } },
          legacyAdd: { ns: { NS: ['9', '10', '-200', '7'] } },
          addPresentMember: { ns: { NS: ['9', '10', '-200', '7'] } },
          deleteAbsentMember: { ns: { NS: ['9', '10', '-200', '7'] } },
          deletePresentMember: { ns: { NS: ['-200', '7', '10'] } },
          newSetByAdd: { fresh: { SS: ['a', '😀', '\uffff'] } }
        }
      }
    }
  }
]
