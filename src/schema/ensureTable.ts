import {
  CreateTableCommand,
  DescribeTableCommand,
  type Projection,
  type TableDescription,
  waitUntilTableExists
} from '@aws-sdk/client-dynamodb'
import type { Table } from 'dynamodb-toolbox/table'

import { awsErrorName, RequestFailedError, TableMismatchError } from '../client/errors/index.js'
import { sendRequest } from '../client/sendRequest.js'
import { clientOf } from './defineTable.js'
import { tableDefinition } from './tableDefinition.js'
import { ensureTimeToLive } from './timeToLive.js'

export interface EnsureTableOptions {
  /** How long to wait for the table to become ACTIVE (default 300 s). */
  maxWaitSeconds?: number
}

export type EnsureTableResult = 'created' | 'existing'

/**
 * Creates the table if it does not exist, waits until it is ACTIVE, checks that an existing table
 * has the declared keys and indexes, and enables the declared time to live. Safe to call
 * concurrently and repeatedly.
 *
 * @throws TableMismatchError when an existing table's keys or indexes differ from the declaration
 */
export async function ensureTable(
  table: Table,
  options: EnsureTableOptions = {}
): Promise<EnsureTableResult> {
  const client = clientOf(table)
  const { dynamoDBClient } = client
  const expected = tableDefinition(table)
  const TableName = table.getName()
  const context = `ensureTable('${TableName}')`

  let result: EnsureTableResult = 'existing'
  let description = await describe(client, TableName, context)
  if (description === undefined) {
    try {
      description = (
        await sendRequest<{ TableDescription?: TableDescription }>(
          dynamoDBClient,
          new CreateTableCommand(expected),
          { policy: client.retryPolicy, repeatable: true }
        )
      ).output.TableDescription
      result = 'created'
    } catch (error) {
      // Someone else is creating it right now: wait for theirs.
      if (awsErrorName(error) !== 'ResourceInUseException')
        throw new RequestFailedError(context, error)
    }
  }
  if (description?.TableStatus !== 'ACTIVE') {
    const waited = await waitUntilTableExists(
      {
        client: dynamoDBClient,
        minDelay: 1,
        maxDelay: 5,
        maxWaitTime: options.maxWaitSeconds ?? 300
      },
      { TableName }
    ).catch(error => {
      throw new RequestFailedError(`${context} waiting for ACTIVE`, error)
    })
    description = (waited.reason as { Table?: TableDescription } | undefined)?.Table ?? description
  }
  if (description === undefined) description = await describe(client, TableName, context)

  const differences = [
    ...compareDefinitions(expected, description),
    ...(await ensureTimeToLive(table, context))
  ]
  if (differences.length > 0) throw new TableMismatchError(TableName, differences)
  return result
}

async function describe(
  client: ReturnType<typeof clientOf>,
  TableName: string,
  context: string
): Promise<TableDescription | undefined> {
  try {
    return (
      await sendRequest<{ Table?: TableDescription }>(
        client.dynamoDBClient,
        new DescribeTableCommand({ TableName }),
        { policy: client.retryPolicy, repeatable: true }
      )
    ).output.Table
  } catch (error) {
    if (awsErrorName(error) === 'ResourceNotFoundException') return undefined
    throw new RequestFailedError(context, error)
  }
}

type Definition = ReturnType<typeof tableDefinition>

/** Human-readable differences, naming attributes and indexes only. */
export function compareDefinitions(
  expected: Definition,
  actual: TableDescription | undefined
): string[] {
  if (actual === undefined) return ['the table could not be described']
  const differences: string[] = []
  const describeKeys = (keys: { AttributeName?: string; KeyType?: string }[] = []) =>
    keys.map(key => `${key.AttributeName} ${key.KeyType}`).join(', ')

  const expectedKeys = describeKeys(expected.KeySchema)
  const actualKeys = describeKeys(actual.KeySchema)
  if (expectedKeys !== actualKeys) {
    differences.push(`key schema is [${actualKeys}], expected [${expectedKeys}]`)
  }

  const actualTypes = new Map(
    (actual.AttributeDefinitions ?? []).map(def => [def.AttributeName, def.AttributeType])
  )
  for (const { AttributeName, AttributeType } of expected.AttributeDefinitions ?? []) {
    const actualType = actualTypes.get(AttributeName)
    if (actualType !== undefined && actualType !== AttributeType) {
      differences.push(`attribute '${AttributeName}' is ${actualType}, expected ${AttributeType}`)
    }
  }

  const actualIndexes = new Map(
    [...(actual.GlobalSecondaryIndexes ?? []), ...(actual.LocalSecondaryIndexes ?? [])].map(
      index => [index.IndexName, index]
    )
  )
  const expectedIndexes = [
    ...(expected.GlobalSecondaryIndexes ?? []),
    ...(expected.LocalSecondaryIndexes ?? [])
  ]
  for (const name of actualIndexes.keys()) {
    if (!expectedIndexes.some(index => index.IndexName === name)) {
      differences.push(`index '${name}' exists but is not declared`)
    }
  }
  for (const index of expectedIndexes) {
    const existing = actualIndexes.get(index.IndexName)
    if (existing === undefined) {
      differences.push(`index '${index.IndexName}' is missing`)
      continue
    }
    const expectedIndexKeys = describeKeys(index.KeySchema)
    const actualIndexKeys = describeKeys(existing.KeySchema)
    if (expectedIndexKeys !== actualIndexKeys) {
      differences.push(
        `index '${index.IndexName}' key schema is [${actualIndexKeys}], expected [${expectedIndexKeys}]`
      )
    }
    const projection = describeProjection(existing.Projection)
    const expectedProjection = describeProjection(index.Projection)
    if (projection !== expectedProjection) {
      differences.push(
        `index '${index.IndexName}' projects ${projection}, expected ${expectedProjection}`
      )
    }
  }
  return differences
}

function describeProjection(projection: Projection | undefined): string {
  const type = projection?.ProjectionType ?? 'ALL'
  if (type !== 'INCLUDE') return type
  return `INCLUDE [${[...(projection?.NonKeyAttributes ?? [])].sort().join(', ')}]`
}
