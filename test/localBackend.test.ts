import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { once } from 'node:events'

import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { IdempotencyTokens, IDEMPOTENCY_WINDOW_MS } from '../src/local/idempotencyTokens.js'
import { ReadWriteLock } from '../src/local/readWriteLock.js'
import { type LocalBackend, startLocal } from '../src/index.js'
import { catchError } from './support/catchError.js'
import { createKeyedTable, rawClient } from './support/rawDynamo.js'

const key = (pk: string) => ({ pk: { S: pk }, sk: { S: 'x' } })

describe('ReadWriteLock', () => {
  it('lets readers share, and a writer wait for them and hold them off', async () => {
    const lock = new ReadWriteLock()
    const events: string[] = []
    let releaseReader!: () => void
    const reader = lock.shared(() => new Promise<void>(resolve => (releaseReader = resolve)))
    const otherReader = lock.shared(async () => void events.push('reader 2'))
    const writer = lock.exclusive(async () => void events.push('writer'))
    const lateReader = lock.shared(async () => void events.push('late reader'))
    await otherReader
    expect(events).toEqual(['reader 2'])
    releaseReader()
    await Promise.all([reader, writer, lateReader])
    expect(events).toEqual(['reader 2', 'writer', 'late reader'])
  })
})

describe('IdempotencyTokens', () => {
  it('remembers a token for ten minutes, tells repeats from mismatches', () => {
    let now = 0
    const tokens = new IdempotencyTokens(() => now)
    expect(tokens.check('t', [1])).toBe('new')
    tokens.remember('t', [1])
    expect(tokens.check('t', [1])).toBe('repeat')
    expect(tokens.check('t', [2])).toBe('mismatch')
    now = IDEMPOTENCY_WINDOW_MS
    expect(tokens.check('t', [2])).toBe('new')
  })
})

describe('the embedded backend', () => {
  let local: LocalBackend
  let client: DynamoDBClient
  beforeAll(async () => {
    local = await startLocal()
    client = rawClient(local.endpoint)
    await createKeyedTable(client, 'backend-one')
    await createKeyedTable(client, 'backend-two')
  })
  afterAll(async () => {
    client.destroy()
    await local.close()
  })

  it('shows transactions whole: concurrent reads never see half of one', async () => {
    await client.send(
      new PutItemCommand({ TableName: 'backend-one', Item: { ...key('a'), n: { N: '0' } } })
    )
    await client.send(
      new PutItemCommand({ TableName: 'backend-one', Item: { ...key('b'), n: { N: '0' } } })
    )
    const add = {
      UpdateExpression: 'ADD n :one',
      ExpressionAttributeValues: { ':one': { N: '1' } }
    }
    const writes = Array.from({ length: 40 }, () =>
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Update: { TableName: 'backend-one', Key: key('a'), ...add } },
            { Update: { TableName: 'backend-one', Key: key('b'), ...add } }
          ]
        })
      )
    )
    const reads = Array.from({ length: 40 }, () =>
      client.send(
        new TransactGetItemsCommand({
          TransactItems: [
            { Get: { TableName: 'backend-one', Key: key('a') } },
            { Get: { TableName: 'backend-one', Key: key('b') } }
          ]
        })
      )
    )
    await Promise.all(writes)
    const seen = (await Promise.all(reads)).map(({ Responses = [] }) =>
      Responses.map(response => response.Item?.n?.N)
    )
    for (const [a, b] of seen) expect(a).toBe(b)
    const final = await client.send(new GetItemCommand({ TableName: 'backend-one', Key: key('a') }))
    expect(final.Item?.n?.N).toBe('40')
  })

  it('undoes the writes already applied when a later one fails', async () => {
    await client.send(
      new PutItemCommand({
        TableName: 'backend-one',
        Item: { ...key('text'), n: { S: 'not a number' } }
      })
    )
    const error = await catchError(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'backend-one', Item: { ...key('fresh'), v: { S: 'written?' } } } },
            {
              Update: {
                TableName: 'backend-one',
                Key: key('text'),
                UpdateExpression: 'ADD n :one',
                ExpressionAttributeValues: { ':one': { N: '1' } }
              }
            }
          ]
        })
      )
    )
    expect(error).toMatchObject({ name: 'ValidationException' })
    expect(
      (await client.send(new GetItemCommand({ TableName: 'backend-one', Key: key('fresh') }))).Item
    ).toBeUndefined()
  })

  it('counts the 25 batch writes across tables, and refuses a put-and-delete request', async () => {
    const writes = (table: string, from: number) =>
      Array.from({ length: 13 }, (_, index) => ({
        PutRequest: { Item: key(`${table}-${from + index}`) }
      }))
    const tooMany = await catchError(
      client.send(
        new BatchWriteItemCommand({
          RequestItems: { 'backend-one': writes('one', 0), 'backend-two': writes('two', 0) }
        })
      )
    )
    expect(tooMany).toMatchObject({ name: 'ValidationException' })
    const both = await catchError(
      client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            'backend-one': [{ PutRequest: { Item: key('p') }, DeleteRequest: { Key: key('p') } }]
          }
        })
      )
    )
    expect(both).toMatchObject({ name: 'ValidationException' })
    expect(
      (await client.send(new GetItemCommand({ TableName: 'backend-one', Key: key('one-0') }))).Item
    ).toBeUndefined()
  })

  it('counts item sizes in UTF-8 bytes', async () => {
    const item = { ...key('utf8'), v: { S: 'é'.repeat(204_800) } } // 204 800 characters, 409 600 bytes
    const error = await catchError(
      client.send(new PutItemCommand({ TableName: 'backend-one', Item: item }))
    )
    expect(error).toMatchObject({ name: 'ValidationException' })
  })

  it('answers BatchGetItem up to 16 MB, echoing the projection in UnprocessedKeys', async () => {
    const big = { v: { S: 'x'.repeat(409_500) } } // items of 409 512 bytes: 40 fit in 16 MB
    const keys = Array.from({ length: 50 }, (_, index) =>
      key(`big-${String(index).padStart(2, '0')}`)
    )
    for (let start = 0; start < keys.length; start += 25) {
      await client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            'backend-two': keys
              .slice(start, start + 25)
              .map(k => ({ PutRequest: { Item: { ...k, ...big } } }))
          }
        })
      )
    }
    const { Responses = {}, UnprocessedKeys = {} } = await client.send(
      new BatchGetItemCommand({
        RequestItems: {
          'backend-two': {
            Keys: keys,
            ProjectionExpression: '#p',
            ExpressionAttributeNames: { '#p': 'pk' }
          }
        }
      })
    )
    expect(Responses['backend-two']).toHaveLength(40)
    expect(Responses['backend-two']?.[0]).toEqual({ pk: { S: 'big-00' } })
    expect(UnprocessedKeys['backend-two']).toEqual({
      Keys: keys.slice(40),
      ProjectionExpression: '#p',
      ExpressionAttributeNames: { '#p': 'pk' }
    })
  })

  it('puts the current item on a failed single-item condition when asked', async () => {
    await client.send(
      new PutItemCommand({ TableName: 'backend-one', Item: { ...key('cond'), v: { S: 'old' } } })
    )
    const error = await catchError(
      client.send(
        new PutItemCommand({
          TableName: 'backend-one',
          Item: key('cond'),
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD'
        })
      )
    )
    expect(error).toMatchObject({
      name: 'ConditionalCheckFailedException',
      Item: { ...key('cond'), v: { S: 'old' } }
    })
  })
})

describe('monotable local (the CLI)', () => {
  it('serves any client on the port it prints, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['bin/monotable.js', 'local', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'inherit']
    })
    const [line] = (await once(child.stdout, 'data')) as [Buffer]
    const endpoint = /listening on (\S+)/.exec(line.toString())?.[1]
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const client = rawClient(endpoint!)
    await createKeyedTable(client, 'cli-table')
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [{ Put: { TableName: 'cli-table', Item: key('cli') } }]
      })
    )
    expect(
      (await client.send(new GetItemCommand({ TableName: 'cli-table', Key: key('cli') }))).Item
    ).toEqual(key('cli'))
    client.destroy()

    child.kill('SIGTERM')
    const [code] = (await once(child, 'exit')) as [number]
    expect(code).toBe(0)
    const port = Number(new URL(endpoint!).port)
    const probe = createServer()
    await new Promise<void>((resolve, reject) =>
      probe.once('error', reject).listen(port, '127.0.0.1', resolve)
    )
    probe.close()
  })
})
