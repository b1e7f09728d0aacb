import { ScanCommand } from '@aws-sdk/lib-dynamodb'

import type { MonotableClient } from '../../src/index.js'

/** Every item of a table, as stored (unformatted), through a client that does not inject faults. */
export async function scanTable(
  client: MonotableClient,
  TableName: string
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = []
  let ExclusiveStartKey: Record<string, unknown> | undefined
  do {
    const page = await client.documentClient.send(new ScanCommand({ TableName, ExclusiveStartKey }))
    items.push(...((page.Items ?? []) as Record<string, unknown>[]))
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey !== undefined)
  return items
}
