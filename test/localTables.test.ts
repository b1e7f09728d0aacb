import {
  type AttributeValue,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateTableCommand
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type LocalBackend, startLocal } from '../src/index.js'
import { javaHashMapOrder } from '../src/local/tables/javaHashMapOrder.js'
import { checkGlobalIndexKeySchema } from '../src/local/tables/keySchemaRules.js'
import { catchError } from './support/catchError.js'
import { createKeyedTable, rawClient } from './support/rawDynamo.js'

type KeyElement = { AttributeName: string; KeyType: 'HASH' | 'RANGE' }
const hash = (AttributeName: string): KeyElement => ({ AttributeName, KeyType: 'HASH' })
const range = (AttributeName: string): KeyElement => ({ AttributeName, KeyType: 'RANGE' })
const S = (value: string): AttributeValue => ({ S: value })

describe('global secondary index key schema rules (DynamoDB Local order)', () => {
  const defined = new Set('abcdefghi')
  it.each([
    ['empty', [], 'No defined key schema'],
    ['nine elements', [...'abcd'].map(hash).concat([...'efghi'].map(range)), 'Key Schema too big'],
    [
      'a name twice, before too many',
      [...'abcda'].map(hash),
      'Two keys can not have the same name'
    ],
    [
      'HASH after RANGE, before too many',
      [hash('a'), range('b'), ...[...'cdef'].map(hash)],
      'Invalid key order'
    ],
    ['no HASH, before too many', [...'abcde'].map(range), 'No Hash Key specified'],
    ['five partition attributes', [...'abcde'].map(hash), 'Too many partition keys'],
    ['five sort attributes', [hash('a'), ...[...'bcdef'].map(range)], 'Too many sort keys'],
    [
      'an undefined attribute, last',
      [hash('a'), hash('z')],
      'Attribute z is not defined in AttributeDefinitions'
    ]
  ])('refuses %s', (_, keySchema, message) => {
    expect(checkGlobalIndexKeySchema(keySchema, defined)).toContain(message)
  })

  it('accepts four and four, and the ordinary shapes', () => {
    expect(
      checkGlobalIndexKeySchema([...'abcd'].map(hash).concat([...'efgh'].map(range)), defined)
    ).toBeUndefined()
    expect(checkGlobalIndexKeySchema([hash('a')], defined)).toBeUndefined()
    expect(checkGlobalIndexKeySchema([hash('a'), range('b')], defined)).toBeUndefined()
  })
})

describe('Java HashMap iteration order', () => {
  // Orders DynamoDB Local 3.3.0 described after UpdateTable (attribute definitions, indexes).
  it.each([
    [
      ['pk', 'sk', 'x'],
      ['sk', 'x', 'pk']
    ],
    [
      ['pk', 'sk', 'zeta', 'alpha', 'GSI1PK', 'GSI1SK'],
      ['zeta', 'GSI1PK', 'alpha', 'GSI1SK', 'sk', 'pk']
    ],
    [
      ['zeta', 'alpha', 'Mid', 'beta', 'aaa'],
      ['zeta', 'aaa', 'alpha', 'Mid', 'beta']
    ],
    [
      'pk,sk,q,w,e,r,t,y,u,i,o,p,a,s,d,f,g,h'.split(','),
      'a,d,e,f,g,h,i,o,p,q,r,s,t,u,w,sk,y,pk'.split(',')
    ]
  ])('%j', (names, expected) => {
    expect(javaHashMapOrder(names, name => name)).toEqual(expected)
  })
})

describe('UpdateTable: adding and deleting global secondary indexes', () => {
  let local: LocalBackend
  let client: DynamoDBClient

  beforeAll(async () => {
    local = await startLocal()
    client = rawClient(local.endpoint)
  })
  afterAll(async () => {
    client?.destroy()
    await local?.close()
  })

  const queryPair = (TableName: string, IndexName: string) =>
    client.send(
      new QueryCommand({
        TableName,
        IndexName,
        KeyConditionExpression: 'a = :a AND b = :b',
        ExpressionAttributeValues: { ':a': S('A'), ':b': { N: '1' } }
      })
    )

  it('adds a multi-attribute index filled with the items already there, ACTIVE at once', async () => {
    await createKeyedTable(client, 'backfill')
    const items: Record<string, AttributeValue>[] = [
      { pk: S('in1'), sk: S('s'), a: S('A'), b: { N: '1' }, c: S('2') },
      { pk: S('in2'), sk: S('s'), a: S('A'), b: { N: '1' }, c: S('1') },
      { pk: S('sparse'), sk: S('s'), a: S('A'), b: { N: '1' } },
      { pk: S('wrongType'), sk: S('s'), a: S('A'), b: S('1'), c: S('0') }
    ]
    for (const Item of items) await client.send(new PutItemCommand({ TableName: 'backfill', Item }))
    const { TableDescription } = await client.send(
      new UpdateTableCommand({
        TableName: 'backfill',
        AttributeDefinitions: [
          { AttributeName: 'a', AttributeType: 'S' },
          { AttributeName: 'b', AttributeType: 'N' },
          { AttributeName: 'c', AttributeType: 'S' }
        ],
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: 'pair',
              KeySchema: [hash('a'), hash('b'), range('c')],
              Projection: { ProjectionType: 'ALL' }
            }
          }
        ]
      })
    )
    expect(TableDescription?.GlobalSecondaryIndexes?.[0]).toMatchObject({
      IndexStatus: 'CREATING',
      Backfilling: false
    })
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'backfill' }))
    expect(Table?.GlobalSecondaryIndexes?.[0]?.IndexStatus).toBe('ACTIVE')
    const { Items = [] } = await queryPair('backfill', 'pair')
    expect(Items.map(item => item.pk?.S)).toEqual(['in2', 'in1'])

    await client.send(
      new PutItemCommand({
        TableName: 'backfill',
        Item: { pk: S('later'), sk: S('s'), a: S('A'), b: { N: '1' }, c: S('0') }
      })
    )
    expect((await queryPair('backfill', 'pair')).Items?.map(item => item.pk?.S)).toEqual([
      'later',
      'in2',
      'in1'
    ])
  })

  it('deletes an index with the attribute definitions only it used', async () => {
    await client.send(
      new CreateTableCommand({
        TableName: 'dropping',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'a', 'b'].map(AttributeName => ({
          AttributeName,
          AttributeType: AttributeName === 'b' ? 'N' : 'S'
        })),
        KeySchema: [hash('pk'), range('sk')],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'pair',
            KeySchema: [hash('a'), hash('b')],
            Projection: { ProjectionType: 'ALL' }
          }
        ]
      })
    )
    await client.send(
      new PutItemCommand({
        TableName: 'dropping',
        Item: { pk: S('p'), sk: S('s'), a: S('A'), b: { N: '1' } }
      })
    )
    const { TableDescription } = await client.send(
      new UpdateTableCommand({
        TableName: 'dropping',
        GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'pair' } }]
      })
    )
    expect(TableDescription?.GlobalSecondaryIndexes?.[0]?.IndexStatus).toBe('DELETING')
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'dropping' }))
    expect(Table?.GlobalSecondaryIndexes).toBeUndefined()
    expect(Table?.AttributeDefinitions?.map(definition => definition.AttributeName)).toEqual([
      'sk',
      'pk'
    ])
    const error = (await catchError(queryPair('dropping', 'pair'))) as Error
    expect(error.name).toBe('ValidationException')
    // Its old key attributes now take any type.
    await client.send(
      new PutItemCommand({ TableName: 'dropping', Item: { pk: S('q'), sk: S('s'), b: S('text') } })
    )
  })

  it('refuses two index changes at once, and an index that exists', async () => {
    await createKeyedTable(client, 'refusing')
    const create = (IndexName: string) => ({
      Create: { IndexName, KeySchema: [hash('a')], Projection: { ProjectionType: 'ALL' as const } }
    })
    const twice = (await catchError(
      client.send(
        new UpdateTableCommand({
          TableName: 'refusing',
          AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }],
          GlobalSecondaryIndexUpdates: [create('one'), create('two')]
        })
      )
    )) as Error
    expect(twice.name).toBe('LimitExceededException')
    await client.send(
      new UpdateTableCommand({
        TableName: 'refusing',
        AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [create('one')]
      })
    )
    const again = (await catchError(
      client.send(
        new UpdateTableCommand({
          TableName: 'refusing',
          AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }],
          GlobalSecondaryIndexUpdates: [create('one')]
        })
      )
    )) as Error
    expect(again.message).toBe('Attempting to create an index which already exists')
  })
})
