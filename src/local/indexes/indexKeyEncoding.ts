import {
  type AttributeValue,
  dynaliteDb,
  type KeySchemaElement,
  type StoredItem,
  type TableDescription
} from '../dynalite/internals.js'
import { attributeTypeOf } from './indexSchema.js'
import { primaryKeyHash } from './localKeyHash.js'

/**
 * Where an item sits in a multi-attribute index: each key attribute's value in dynalite's
 * order-preserving text (hex for strings and binaries, so bytewise; numbers by value), in key
 * schema order, each closed by `/`, then the hash DynamoDB Local breaks ties with. `/` sorts below
 * every character of those texts, so a value sorts before any value it is a prefix of, and
 * entries order by the first attribute, then the second, and so on: partitions stay contiguous
 * and a query walks one range. Unlike dynalite's own index keys there is no hash in front, so a
 * Scan of the index also comes out in DynamoDB Local's order (by key values).
 */
export function encodeIndexKey(
  table: TableDescription,
  keySchema: readonly KeySchemaElement[],
  item: StoredItem
): string | undefined {
  const prefix = encodeKeyValues(
    table,
    keySchema.map(({ AttributeName }) => [AttributeName, item[AttributeName]])
  )
  return prefix === undefined ? undefined : prefix + primaryKeyHash(table, item)
}

/**
 * The encoded prefix shared by every entry with these leading key values, or undefined when a
 * value is absent or not of its attribute's type (such an item has no place in the index).
 */
export function encodeKeyValues(
  table: TableDescription,
  values: readonly (readonly [string, AttributeValue | undefined])[]
): string | undefined {
  let encoded = ''
  for (const [name, value] of values) {
    const part = encodeKeyValue(table, name, value)
    if (part === undefined) return undefined
    encoded += `${part}/`
  }
  return encoded
}

export function encodeKeyValue(
  table: TableDescription,
  name: string,
  value: AttributeValue | undefined
): string | undefined {
  const type = attributeTypeOf(table, name)
  const content = type === undefined ? undefined : value?.[type]
  return typeof content === 'string' ? dynaliteDb.toRangeStr(content, type as string) : undefined
}
