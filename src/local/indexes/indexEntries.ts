import type { IndexDescription, StoredItem, TableDescription } from '../dynalite/internals.js'
import { encodeIndexKey } from './indexKeyEncoding.js'

/** What an index stores for an item: where, and the projected attributes. */
export interface IndexEntry {
  readonly key: string
  readonly item: StoredItem
}

/** The entry of a multi-attribute index for an item, or undefined if the item is not in it. */
export function multiAttributeEntryOf(
  table: TableDescription,
  index: IndexDescription,
  item: StoredItem
): IndexEntry | undefined {
  const key = encodeIndexKey(table, index.KeySchema, item)
  return key === undefined ? undefined : { key, item: projectItem(table, index, item) }
}

/** An index holds its key attributes, the table's key attributes and what its projection adds. */
export function projectItem(
  table: TableDescription,
  index: IndexDescription,
  item: StoredItem
): StoredItem {
  if (index.Projection.ProjectionType === 'ALL') return item
  const projected: StoredItem = {}
  const names = [
    ...index.KeySchema.map(key => key.AttributeName),
    ...table.KeySchema.map(key => key.AttributeName),
    ...(index.Projection.NonKeyAttributes ?? [])
  ]
  for (const name of names) {
    const value = item[name]
    if (value !== undefined) projected[name] = value
  }
  return projected
}

/** The index changes a write makes: entries to remove (first), then entries to store. */
export interface IndexChanges {
  readonly deletes: { index: string; key: string }[]
  readonly puts: { index: string; entry: IndexEntry }[]
}

export function multiAttributeChanges(
  table: TableDescription,
  indexes: readonly IndexDescription[],
  before: StoredItem | null | undefined,
  after: StoredItem | null | undefined
): IndexChanges {
  const changes: IndexChanges = { deletes: [], puts: [] }
  for (const index of indexes) {
    const entry = after ? multiAttributeEntryOf(table, index, after) : undefined
    const oldKey = before ? encodeIndexKey(table, index.KeySchema, before) : undefined
    if (oldKey !== undefined && oldKey !== entry?.key) {
      changes.deletes.push({ index: index.IndexName, key: oldKey })
    }
    if (entry !== undefined) changes.puts.push({ index: index.IndexName, entry })
  }
  return changes
}
