import {
  dynaliteDb,
  type IndexDescription,
  type Store,
  type TableDescription
} from '../dynalite/internals.js'
import { multiAttributeEntryOf } from '../indexes/indexEntries.js'
import { checkIndexKeyValues } from '../indexes/indexKeyValues.js'
import { isMultiAttributeKey } from '../indexes/indexSchema.js'
import { putEntry } from '../indexes/indexWrites.js'

/**
 * Fills a global secondary index added by UpdateTable with the table's existing items. Items
 * without every key attribute are not in the index (it is sparse); items whose key attributes
 * break the index's rules (a value of another type, empty, too large) are left out too, as
 * DynamoDB does (its index key violation detector reports them). Runs while writes wait.
 */
export async function backfillIndex(
  store: Store,
  table: TableDescription,
  index: IndexDescription
): Promise<void> {
  const indexDb = store.getIndexDb('global', table.TableName, index.IndexName)
  const onlyThisIndex = {
    ...table,
    GlobalSecondaryIndexes: [index],
    LocalSecondaryIndexes: undefined
  }
  const multiAttribute = isMultiAttributeKey(index.KeySchema)
  for await (const item of store.getItemDb(table.TableName).createValueStream()) {
    if (checkIndexKeyValues(item, onlyThisIndex, 'put') !== undefined) continue
    const entries = multiAttribute
      ? [multiAttributeEntryOf(table, index, item)]
      : dynaliteDb.getIndexActions([index], undefined, item, table).puts
    for (const entry of entries) {
      if (entry !== undefined) await putEntry(indexDb, entry.key, entry.item)
    }
  }
}
