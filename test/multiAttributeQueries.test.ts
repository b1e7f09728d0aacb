import {
  type AttributeValue,
  DescribeTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  ScanCommand
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type LocalBackend, startLocal } from '../src/index.js'
import { catchError } from './support/catchError.js'
import {
  B,
  createMatchesTable,
  INDEX,
  match,
  N,
  partition,
  S,
  TABLE
} from './support/matchesTable.js'
import { rawClient } from './support/rawDynamo.js'

describe('global secondary indexes with multi-attribute keys', () => {
  let local: LocalBackend
  let client: DynamoDBClient

  beforeAll(async () => {
    local = await startLocal()
    client = rawClient(local.endpoint)
    await createMatchesTable(client, 'B', { ProjectionType: 'ALL' })
    const items = [
      match('r-5', { tournament: 'w24', region: 1, round: -5, bracket: B(1) }),
      match('r1.5', { tournament: 'w24', region: 1, round: '1.5', bracket: B(1) }),
      match('r10', { tournament: 'w24', region: 1, round: 10, bracket: B(1) }),
      match('r2-00', { tournament: 'w24', region: 1, round: 2, bracket: B(0) }),
      match('r2-ff', { tournament: 'w24', region: 1, round: 2, bracket: B(0xff) }),
      match('r2-80', { tournament: 'w24', region: 1, round: 2, bracket: B(0x80) }),
      match('r2-0001', { tournament: 'w24', region: 1, round: 2, bracket: B(0, 1) }),
      match('other', { tournament: 'w24', region: 2, round: 1, bracket: B(1) }),
      match('sparse', { tournament: 'w24', region: 1, round: 1 }),
      ...['tie0', 'tie1', 'tie2', 'tie3', 'tie4', 'tie5', 'tie6'].map(pk =>
        match(pk, { tournament: 'w24', region: 1, round: 7, bracket: B(7) })
      )
    ]
    for (const Item of items) await client.send(new PutItemCommand({ TableName: TABLE, Item }))
  })

  afterAll(async () => {
    client?.destroy()
    await local?.close()
  })

  const ROUNDS = ['r-5', 'r1.5', 'r2-00', 'r2-0001', 'r2-80', 'r2-ff']
  // DynamoDB Local 3.3.0 orders equal index keys by a hash of the primary key; this is its order
  // for these keys (recorded by the conformance scenario on ties).
  const TIES = ['tie1', 'tie6', 'tie4', 'tie3', 'tie5', 'tie2', 'tie0']

  it('is described with its four key attributes in order', async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: TABLE }))
    expect(Table?.GlobalSecondaryIndexes?.[0]?.KeySchema?.map(key => key.KeyType)).toEqual([
      'HASH',
      'HASH',
      'RANGE',
      'RANGE'
    ])
    expect(Table?.GlobalSecondaryIndexes?.[0]?.IndexStatus).toBe('ACTIVE')
  })

  it('returns a partition in key order, numbers by value and binaries by bytes, both ways', async () => {
    const forward = await partition(client)
    expect(forward.pks).toEqual([...ROUNDS, ...TIES, 'r10'])
    const backward = await partition(client, '', {}, { ScanIndexForward: false })
    expect(backward.pks).toEqual([...ROUNDS, ...TIES, 'r10'].reverse())
  })

  it.each([
    ['=', ' AND round = :v', { ':v': N(2) }, ['r2-00', 'r2-0001', 'r2-80', 'r2-ff']],
    ['<', ' AND round < :v', { ':v': N(2) }, ['r-5', 'r1.5']],
    ['<=', ' AND round <= :v', { ':v': N('1.5') }, ['r-5', 'r1.5']],
    ['>', ' AND round > :v', { ':v': N(7) }, ['r10']],
    ['>=', ' AND round >= :v', { ':v': N(7) }, [...TIES, 'r10']],
    ['BETWEEN', ' AND round BETWEEN :a AND :b', { ':a': N(0), ':b': N(2) }, ROUNDS.slice(1)],
    [
      '= then >',
      ' AND round = :v AND bracket > :b',
      { ':v': N(2), ':b': B(0, 1) },
      ['r2-80', 'r2-ff']
    ],
    [
      '= then begins_with',
      ' AND round = :v AND begins_with(bracket, :b)',
      { ':v': N(2), ':b': B(0) },
      ['r2-00', 'r2-0001']
    ]
  ])('selects with %s', async (_, more, values, expected) => {
    expect((await partition(client, more, values)).pks).toEqual(expected)
  })

  it('pages with ExclusiveStartKey through ties and across values, without loss or repeat', async () => {
    const paged = await partition(client, '', {}, { Limit: 3 })
    expect(paged.pks).toEqual([...ROUNDS, ...TIES, 'r10'])
    expect(paged.pages).toBe(5)
    const backward = await partition(client, '', {}, { Limit: 4, ScanIndexForward: false })
    expect(backward.pks).toEqual([...ROUNDS, ...TIES, 'r10'].reverse())
  })

  it('scans the index in key order, leaving out items that lack a key attribute', async () => {
    const pks: string[] = []
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined
    do {
      const page = await client.send(
        new ScanCommand({ TableName: TABLE, IndexName: INDEX, Limit: 4, ExclusiveStartKey })
      )
      pks.push(...(page.Items ?? []).map(item => String(item.pk?.S)))
      ExclusiveStartKey = page.LastEvaluatedKey
    } while (ExclusiveStartKey !== undefined)
    expect(pks).toEqual([...ROUNDS, ...TIES, 'r10', 'other'])
  })

  it.each([
    [
      'a partition attribute without equality',
      'tournament = :t',
      { ':t': S('w24') },
      'HASH key attributes region must have equality conditions specified in the query'
    ],
    [
      'a skipped sort attribute',
      'tournament = :t AND #region = :r AND bracket = :b',
      { ':t': S('w24'), ':r': N(1), ':b': B(1) },
      'RANGE key attributes round must have equality conditions specified in the query because a condition is present on key attribute bracket'
    ],
    [
      'a range condition before an equality',
      'tournament = :t AND #region = :r AND round > :n AND bracket = :b',
      { ':t': S('w24'), ':r': N(1), ':n': N(1), ':b': B(1) },
      'RANGE key attributes round must have equality'
    ],
    [
      'a non-key attribute',
      'tournament = :t AND #region = :r AND pk = :p',
      { ':t': S('w24'), ':r': N(1), ':p': S('x') },
      'Query condition missed key schema element'
    ]
  ])('refuses %s', async (_, KeyConditionExpression, ExpressionAttributeValues, message) => {
    const error = (await catchError(
      client.send(
        new QueryCommand({
          TableName: TABLE,
          IndexName: INDEX,
          KeyConditionExpression,
          ExpressionAttributeValues,
          ...(KeyConditionExpression.includes('#region')
            ? { ExpressionAttributeNames: { '#region': 'region' } }
            : {})
        })
      )
    )) as Error
    expect(error.name).toBe('ValidationException')
    expect(error.message).toContain(message)
  })
})
