import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  type WriteRequest
} from '@aws-sdk/client-dynamodb'

export type AttributeMap = Record<string, AttributeValue>

/** DynamoDB's item size limit: 400 KB, counted in UTF-8 bytes of names and values. */
export const MAX_ITEM_SIZE_BYTES = 409_600
const MAX_BATCH_WRITE_REQUESTS = 25

export const S = (value: string): AttributeValue => ({ S: value })
export const N = (value: number | string): AttributeValue => ({ N: String(value) })

/** The primary key of the conformance tables: `pk` (S, HASH) + `sk` (S, RANGE). */
export function key(pk: string, sk = 's'): AttributeMap {
  return { pk: S(pk), sk: S(sk) }
}

export function item(pk: string, sk = 's', attributes: AttributeMap = {}): AttributeMap {
  return { ...key(pk, sk), ...attributes }
}

/**
 * An item with key `(pk, sk)` and one ASCII attribute `v` padded so that the whole item is exactly
 * `sizeBytes` bytes (attribute names + values, as DynamoDB counts them).
 */
export function itemOfSize(pk: string, sizeBytes: number, sk = 's'): AttributeMap {
  const overhead = byteLength('pk') + byteLength(pk) + byteLength('sk') + byteLength(sk) + 1
  return item(pk, sk, { v: S('x'.repeat(sizeBytes - overhead)) })
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** `count` keys `${prefix}000`, `${prefix}001`, ... (zero-padded so they sort like numbers). */
export function keyRange(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${String(index).padStart(3, '0')}`)
}

/** Writes items in BatchWriteItem chunks of 25; fails if anything comes back unprocessed. */
export async function putItems(
  client: DynamoDBClient,
  tableName: string,
  items: AttributeMap[]
): Promise<void> {
  for (let start = 0; start < items.length; start += MAX_BATCH_WRITE_REQUESTS) {
    const requests: WriteRequest[] = items
      .slice(start, start + MAX_BATCH_WRITE_REQUESTS)
      .map(Item => ({ PutRequest: { Item } }))
    const output = await client.send(
      new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } })
    )
    if (Object.keys(output.UnprocessedItems ?? {}).length > 0) {
      throw new Error(`setup: unprocessed items while writing to ${tableName}`)
    }
  }
}
