import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'

import { defineTable, ensureTable, tableDefinition, TableMismatchError } from '../src/index.js'
import { useBackend } from './support/backend.js'
import { catchError } from './support/catchError.js'

const backend = useBackend()

describe('tableDefinition', () => {
  it('derives keys, attribute definitions and GSIs from the declaration', () => {
    const table = defineTable({ name: 'defs', client: backend.client, indexes: ['gsi1', 'gsi2'] })
    expect(tableDefinition(table)).toEqual({
      TableName: 'defs',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' }
      ],
      AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map(
        AttributeName => ({
          AttributeName,
          AttributeType: 'S'
        })
      ),
      GlobalSecondaryIndexes: ['gsi1', 'gsi2'].map(IndexName => ({
        IndexName,
        KeySchema: [
          { AttributeName: `${IndexName}pk`, KeyType: 'HASH' },
          { AttributeName: `${IndexName}sk`, KeyType: 'RANGE' }
        ],
        Projection: { ProjectionType: 'ALL' }
      }))
    })
  })
})

describe('ensureTable', () => {
  it('creates a missing table once, then finds it, also when called concurrently', async () => {
    const table = defineTable({ name: 'ensure-idempotent', client: backend.client })
    const first = await Promise.all([ensureTable(table), ensureTable(table), ensureTable(table)])
    expect(first.filter(result => result === 'created')).toHaveLength(1)
    expect(await ensureTable(table)).toBe('existing')
  })

  it('fails with a typed error when an existing table has other keys', async () => {
    const { dynamoDBClient } = backend.client
    await dynamoDBClient.send(
      new CreateTableCommand({
        TableName: 'ensure-mismatch',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'N' }]
      })
    )
    const error = await catchError(
      ensureTable(defineTable({ name: 'ensure-mismatch', client: backend.client }))
    )
    expect(error).toBeInstanceOf(TableMismatchError)
    expect(error).toMatchObject({ code: 'table.mismatch', table: 'ensure-mismatch' })
    expect((error as TableMismatchError).differences).toEqual([
      'key schema is [pk HASH], expected [pk HASH, sk RANGE]',
      "attribute 'pk' is N, expected S",
      "index 'gsi1' is missing"
    ])
    await dynamoDBClient.send(new DeleteTableCommand({ TableName: 'ensure-mismatch' }))
  })

  it('reports a missing index', async () => {
    const narrow = defineTable({ name: 'ensure-gsi', client: backend.client, indexes: ['gsi1'] })
    await ensureTable(narrow)
    const wide = defineTable({
      name: 'ensure-gsi',
      client: backend.client,
      indexes: ['gsi1', 'gsi2']
    })
    const error = await catchError(ensureTable(wide))
    expect((error as TableMismatchError).differences).toEqual(["index 'gsi2' is missing"])
  })
  it('reports an index the declaration does not have', async () => {
    const wide = defineTable({
      name: 'ensure-extra',
      client: backend.client,
      indexes: ['gsi1', 'gsi2']
    })
    await ensureTable(wide)
    const narrow = defineTable({ name: 'ensure-extra', client: backend.client, indexes: ['gsi1'] })
    const error = await catchError(ensureTable(narrow))
    expect(error).toBeInstanceOf(TableMismatchError)
    expect((error as TableMismatchError).differences).toEqual([
      "index 'gsi2' exists but is not declared"
    ])
    expect((error as Error).message).toContain("index 'gsi2' exists but is not declared")
  })
})
