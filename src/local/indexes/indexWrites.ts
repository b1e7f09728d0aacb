import type { Store, StoredItem, SubDb } from '../dynalite/internals.js'
import type { IndexChanges } from './indexEntries.js'

/** Removes, then stores, a write's entries in the table's global secondary indexes. */
export async function applyIndexChanges(
  store: Store,
  tableName: string,
  { deletes, puts }: IndexChanges
): Promise<void> {
  await Promise.all(
    deletes.map(({ index, key }) => deleteEntry(store.getIndexDb('global', tableName, index), key))
  )
  await Promise.all(
    puts.map(({ index, entry }) =>
      putEntry(store.getIndexDb('global', tableName, index), entry.key, entry.item)
    )
  )
}

export function putEntry(db: SubDb, key: string, item: StoredItem): Promise<void> {
  return new Promise((resolve, reject) =>
    db.put(key, item, error => (error ? reject(error) : resolve()))
  )
}

function deleteEntry(db: SubDb, key: string): Promise<void> {
  return new Promise((resolve, reject) => db.del(key, error => (error ? reject(error) : resolve())))
}
