import {
  type DynamoDBClient,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
  type TransactWriteItem
} from '@aws-sdk/client-dynamodb'

import { type AttributeMap, N } from '../support/attributes.js'

/**
 * Sends TransactWriteItems. Its response holds nothing stable to compare (only ConsumedCapacity
 * and ItemCollectionMetrics), so the selected response is `{}`; the table state tells the rest.
 */
export async function transactWrite(
  client: DynamoDBClient,
  TransactItems: TransactWriteItem[],
  input: Partial<TransactWriteItemsCommandInput> = {}
): Promise<Record<string, never>> {
  await client.send(new TransactWriteItemsCommand({ ...input, TransactItems }))
  return {}
}

export function put(TableName: string, Item: AttributeMap): TransactWriteItem {
  return { Put: { TableName, Item } }
}

export function deleteItem(TableName: string, Key: AttributeMap): TransactWriteItem {
  return { Delete: { TableName, Key } }
}

/** `ADD n :one`: the counter that shows whether a write was applied once, twice or never. */
export function incrementCounter(TableName: string, Key: AttributeMap): TransactWriteItem {
  return {
    Update: {
      TableName,
      Key,
      UpdateExpression: 'ADD n :one',
      ExpressionAttributeValues: { ':one': N(1) }
    }
  }
}

/** A condition on `v` that fails for items stored with `v = 1` (and for missing items). */
export const FAILING_V_CONDITION = {
  ConditionExpression: 'v = :two',
  ExpressionAttributeValues: { ':two': N(2) }
} as const

/** A condition that holds for every stored item. */
export const EXISTS_CONDITION = { ConditionExpression: 'attribute_exists(pk)' } as const

export const ITEM_V1 = { v: N(1) }
