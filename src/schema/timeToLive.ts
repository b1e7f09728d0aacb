import {
  DescribeTimeToLiveCommand,
  type TimeToLiveDescription,
  type TimeToLiveSpecification,
  UpdateTimeToLiveCommand
} from '@aws-sdk/client-dynamodb'
import type { Table } from 'dynamodb-toolbox/table'

import { RequestFailedError } from '../client/errors/index.js'
import { sendRequest } from '../client/sendRequest.js'
import { clientOf, timeToLiveOf } from './defineTable.js'

/**
 * The UpdateTimeToLive input a table declaration implies (`defineTable({ timeToLive })`), for
 * infrastructure code beside `tableDefinition(table)`; `undefined` when it declares none.
 */
export function timeToLiveSpecification(table: Table): TimeToLiveSpecification | undefined {
  const attribute = timeToLiveOf(table)
  return attribute === undefined ? undefined : { Enabled: true, AttributeName: attribute }
}

const ON = ['ENABLED', 'ENABLING']

/**
 * Brings the table's time to live in line with the declaration: enables it where it is off.
 * Returns the differences it cannot mend: enabled on another attribute, or enabled though the
 * declaration has none (either would delete items the declaration does not mean to).
 */
export async function ensureTimeToLive(table: Table, context: string): Promise<string[]> {
  const declared = timeToLiveOf(table)
  let current: TimeToLiveDescription | undefined
  try {
    current = await describeTimeToLive(table, context)
  } catch (error) {
    // A role without dynamodb:DescribeTimeToLive can still ensure a table that declares none.
    if (
      declared === undefined &&
      (error as RequestFailedError).awsErrorName === 'AccessDeniedException'
    ) {
      return []
    }
    throw error
  }
  const enabledOn = () =>
    ON.includes(current?.TimeToLiveStatus ?? '') ? current?.AttributeName : undefined
  if (declared !== undefined && enabledOn() === undefined) {
    const client = clientOf(table)
    try {
      await sendRequest(
        client.dynamoDBClient,
        new UpdateTimeToLiveCommand({
          TableName: table.getName(),
          TimeToLiveSpecification: { Enabled: true, AttributeName: declared }
        }),
        { policy: client.retryPolicy, repeatable: true }
      )
    } catch (error) {
      // Enabled meanwhile by a concurrent ensureTable (DynamoDB: "already enabled"): see below.
      current = await describeTimeToLive(table, context)
      if (enabledOn() === undefined)
        throw new RequestFailedError(`${context} enabling time to live`, error)
    }
    return []
  }
  const enabled = enabledOn()
  if (enabled === declared) return []
  if (declared === undefined) return [`time to live is enabled on '${enabled}' but not declared`]
  return [`time to live is enabled on '${enabled}', expected '${declared}'`]
}

async function describeTimeToLive(
  table: Table,
  context: string
): Promise<TimeToLiveDescription | undefined> {
  const client = clientOf(table)
  try {
    const { output } = await sendRequest<{ TimeToLiveDescription?: TimeToLiveDescription }>(
      client.dynamoDBClient,
      new DescribeTimeToLiveCommand({ TableName: table.getName() }),
      { policy: client.retryPolicy, repeatable: true }
    )
    return output.TimeToLiveDescription
  } catch (error) {
    throw new RequestFailedError(`${context} reading its time to live`, error)
  }
}
