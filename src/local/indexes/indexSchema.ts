import type { IndexDescription, KeySchemaElement, TableDescription } from '../dynalite/internals.js'

/** The key attributes of an index, partition attributes first, each list in schema order. */
export interface IndexKeyAttributes {
  readonly hash: readonly string[]
  readonly range: readonly string[]
}

export type ScalarType = 'S' | 'N' | 'B'

/**
 * Since November 2025 a global secondary index may have up to four partition and four sort
 * attributes. dynalite knows only one of each; indexes with more are kept by monotable's own
 * index machinery, ordinary ones by dynalite's.
 */
export function isMultiAttributeKey(keySchema: readonly KeySchemaElement[]): boolean {
  let hash = 0
  let range = 0
  for (const { KeyType } of keySchema) {
    if (KeyType === 'HASH') hash += 1
    else range += 1
  }
  return hash > 1 || range > 1
}

export function multiAttributeIndexesOf(table: TableDescription): IndexDescription[] {
  return (table.GlobalSecondaryIndexes ?? []).filter(index => isMultiAttributeKey(index.KeySchema))
}

export function keyAttributesOf(keySchema: readonly KeySchemaElement[]): IndexKeyAttributes {
  return {
    hash: keySchema.filter(key => key.KeyType === 'HASH').map(key => key.AttributeName),
    range: keySchema.filter(key => key.KeyType !== 'HASH').map(key => key.AttributeName)
  }
}

export function attributeTypeOf(table: TableDescription, name: string): ScalarType | undefined {
  return table.AttributeDefinitions.find(definition => definition.AttributeName === name)
    ?.AttributeType
}

export interface FoundIndex {
  readonly index: IndexDescription
  readonly isGlobal: boolean
}

export function findIndex(table: TableDescription, name: string): FoundIndex | undefined {
  const global = table.GlobalSecondaryIndexes?.find(index => index.IndexName === name)
  if (global !== undefined) return { index: global, isGlobal: true }
  const local = table.LocalSecondaryIndexes?.find(index => index.IndexName === name)
  return local === undefined ? undefined : { index: local, isGlobal: false }
}

/** Every attribute an index holds for an item: its own keys, the table's keys, what it includes. */
export function projectedAttributesOf(
  table: TableDescription,
  index: IndexDescription
): ReadonlySet<string> | 'ALL' {
  if (index.Projection.ProjectionType === 'ALL') return 'ALL'
  return new Set([
    ...index.KeySchema.map(key => key.AttributeName),
    ...table.KeySchema.map(key => key.AttributeName),
    ...(index.Projection.NonKeyAttributes ?? [])
  ])
}
