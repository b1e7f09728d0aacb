import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type LocalBackend, startLocal } from '../src/index.js'
import { sortSets } from '../src/local/sets/setOrder.js'
import { createKeyedTable, rawClient } from './support/rawDynamo.js'

const key = (pk: string) => ({ pk: { S: pk }, sk: { S: 's' } })
const base64 = (...bytes: number[]) => Buffer.from(bytes).toString('base64')

describe('set member order', () => {
  it.each([
    [
      'strings, Java order (UTF-16 units)',
      'java',
      { SS: ['b', '\uffff', '😀', 'B', 'a'] },
      { SS: ['B', 'a', 'b', '😀', '\uffff'] }
    ],
    [
      'strings, byte order (UTF-8)',
      'bytes',
      { SS: ['b', '\uffff', '😀', 'B', 'a'] },
      { SS: ['B', 'a', 'b', '\uffff', '😀'] }
    ],
    [
      'numbers by value',
      'java',
      { NS: ['10', '-1.5', '9', '-20', '0'] },
      { NS: ['-20', '-1.5', '0', '9', '10'] }
    ],
    [
      'binaries, Java order (signed)',
      'java',
      { BS: [base64(1), base64(0xff), base64(0), base64(0x80)] },
      { BS: [base64(0x80), base64(0xff), base64(0), base64(1)] }
    ],
    [
      'binaries, byte order (unsigned)',
      'bytes',
      { BS: [base64(1), base64(0xff), base64(0), base64(0x80)] },
      { BS: [base64(0), base64(1), base64(0x80), base64(0xff)] }
    ],
    [
      'sets inside maps and lists',
      'java',
      { M: { l: { L: [{ SS: ['z', 'a'] }] } } },
      { M: { l: { L: [{ SS: ['a', 'z'] }] } } }
    ]
  ] as const)('%s', (_, order, value, sorted) => {
    const copy = structuredClone(value) as Record<string, unknown>
    sortSets(copy, order)
    expect(copy).toEqual(sorted)
  })
})

describe('reads of the embedded backend', () => {
  let local: LocalBackend
  let client: DynamoDBClient

  beforeAll(async () => {
    local = await startLocal()
    client = rawClient(local.endpoint)
    await createKeyedTable(client, 'reads')
    await createKeyedTable(client, 'empty')
  })
  afterAll(async () => {
    client?.destroy()
    await local?.close()
  })

  it('returns sets as DynamoDB Local stores them: put in Java order, changed by ADD in byte order', async () => {
    await client.send(
      new PutItemCommand({
        TableName: 'reads',
        Item: { ...key('sets'), ss: { SS: ['\uffff', '😀', 'a'] }, ns: { NS: ['10', '9'] } }
      })
    )
    const stored = await client.send(new GetItemCommand({ TableName: 'reads', Key: key('sets') }))
    expect(stored.Item?.ss).toEqual({ SS: ['a', '😀', '\uffff'] })
    const update = async (input: object) =>
      (
        await client.send(
          new UpdateItemCommand({
            TableName: 'reads',
            Key: key('sets'),
            ReturnValues: 'UPDATED_NEW',
            ...input
          })
        )
      ).Attributes
    expect(
      await update({
        UpdateExpression: 'ADD ss :s',
        ExpressionAttributeValues: { ':s': { SS: ['b'] } }
      })
    ).toEqual({ ss: { SS: ['a', 'b', '\uffff', '😀'] } })
    // The legacy AttributeUpdates ADD appends, unsorted.
    expect(
      await update({ AttributeUpdates: { ns: { Action: 'ADD', Value: { NS: ['7', '-1'] } } } })
    ).toEqual({ ns: { NS: ['9', '10', '-1', '7'] } })
  })

  it('BatchGetItem reports capacity per table, with the Table part under INDEXES', async () => {
    const items: Record<string, AttributeValue>[] = [
      { ...key('small') },
      { ...key('large'), v: { S: 'x'.repeat(9000) } }
    ]
    for (const Item of items) await client.send(new PutItemCommand({ TableName: 'reads', Item }))
    const { ConsumedCapacity } = await client.send(
      new BatchGetItemCommand({
        ReturnConsumedCapacity: 'INDEXES',
        RequestItems: {
          reads: { Keys: [key('small'), key('large'), key('missing')] },
          empty: { Keys: [key('missing')] }
        }
      })
    )
    // 0.5 + 1.5 eventually consistent read units; a key without an item costs nothing.
    expect(ConsumedCapacity).toEqual([
      { TableName: 'reads', CapacityUnits: 2, Table: { CapacityUnits: 2 } },
      { TableName: 'empty', CapacityUnits: 0, Table: { CapacityUnits: 0 } }
    ])
  })
})
