import {
  type AttributeValue,
  BatchWriteItemCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type LocalBackend, startLocal } from '../src/index.js'
import { catchError } from './support/catchError.js'
import {
  createMatchesTable,
  INDEX,
  keyOf,
  match,
  N,
  partition,
  S,
  type Slots,
  TABLE
} from './support/matchesTable.js'
import { rawClient } from './support/rawDynamo.js'

describe('writes to a multi-attribute index', () => {
  let local: LocalBackend
  let client: DynamoDBClient

  beforeAll(async () => {
    local = await startLocal()
    client = rawClient(local.endpoint)
    await createMatchesTable(client, 'S', { ProjectionType: 'KEYS_ONLY' })
  })

  afterAll(async () => {
    client?.destroy()
    await local?.close()
  })

  const slots = (round: number, bracket: string) =>
    ({ tournament: 'w24', region: 1, round, bracket: S(bracket) }) satisfies Slots

  it('follows every write path: moves, drops and restores items', async () => {
    const put = (pk: string, round: number, bracket: string) =>
      client.send(new PutItemCommand({ TableName: TABLE, Item: match(pk, slots(round, bracket)) }))
    await put('a', 1, 'x')
    await put('b', 2, 'x')
    await put('c', 3, 'x')
    expect((await partition(client)).pks).toEqual(['a', 'b', 'c'])

    await client.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: keyOf('a'),
        UpdateExpression: 'SET round = :r',
        ExpressionAttributeValues: { ':r': N(9) }
      })
    )
    expect((await partition(client)).pks).toEqual(['b', 'c', 'a'])

    await client.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: keyOf('b'),
        UpdateExpression: 'REMOVE bracket'
      })
    )
    await client.send(new DeleteItemCommand({ TableName: TABLE, Key: keyOf('c') }))
    expect((await partition(client)).pks).toEqual(['a'])

    await client.send(
      new BatchWriteItemCommand({
        RequestItems: { [TABLE]: [{ PutRequest: { Item: match('d', slots(0, 'x')) } }] }
      })
    )
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: match('e', slots(5, 'x')) } },
          { Delete: { TableName: TABLE, Key: keyOf('a') } }
        ]
      })
    )
    expect((await partition(client)).pks).toEqual(['d', 'e'])
  })

  it('projects only the keys for a KEYS_ONLY index', async () => {
    await client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { ...match('p', slots(4, 'y')), note: S('not projected') }
      })
    )
    const { Items } = await client.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: INDEX,
        KeyConditionExpression: 'tournament = :t AND #region = :r AND round = :n',
        ExpressionAttributeNames: { '#region': 'region' },
        ExpressionAttributeValues: { ':t': S('w24'), ':r': N(1), ':n': N(4) }
      })
    )
    expect(Items).toEqual([{ ...match('p', slots(4, 'y')) }])
  })

  it('refuses a key attribute of another type on every write path, and stores nothing', async () => {
    const wrong = match('w', {}) as Record<string, AttributeValue>
    const failures = await Promise.all([
      catchError(
        client.send(new PutItemCommand({ TableName: TABLE, Item: { ...wrong, round: S('1') } }))
      ),
      catchError(
        client.send(
          new UpdateItemCommand({
            TableName: TABLE,
            Key: keyOf('w'),
            UpdateExpression: 'SET region = :r',
            ExpressionAttributeValues: { ':r': S('eu') }
          })
        )
      ),
      catchError(
        client.send(
          new BatchWriteItemCommand({
            RequestItems: { [TABLE]: [{ PutRequest: { Item: { ...wrong, bracket: N(1) } } }] }
          })
        )
      )
    ])
    expect(failures.map(error => (error as Error).name)).toEqual([
      'ValidationException',
      'ValidationException',
      'ValidationException'
    ])
    const canceled = (await catchError(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: TABLE, Item: match('ok', slots(1, 'z')) } },
            { Put: { TableName: TABLE, Item: { ...wrong, tournament: N(1) } } }
          ]
        })
      )
    )) as { name: string; CancellationReasons?: { Code?: string }[] }
    expect(canceled.name).toBe('TransactionCanceledException')
    expect(canceled.CancellationReasons?.map(reason => reason.Code)).toEqual([
      'None',
      'ValidationError'
    ])
    const { Items = [] } = await client.send(new ScanCommand({ TableName: TABLE }))
    expect(Items.map(item => item.pk?.S)).not.toContain('w')
    expect(Items.map(item => item.pk?.S)).not.toContain('ok')
  })
})
