import { multiAttributeChanges } from '../indexes/indexEntries.js'
import { encodeIndexKey } from '../indexes/indexKeyEncoding.js'
import { isMultiAttributeKey, multiAttributeIndexesOf } from '../indexes/indexSchema.js'
import { applyIndexChanges } from '../indexes/indexWrites.js'
import { dynaliteDb } from './internals.js'

/**
 * dynalite keeps an index by its first two key attributes only. Every write action (PutItem,
 * UpdateItem, DeleteItem, and so BatchWriteItem and monotable's transactions) hands its old and
 * new item to the exported `updateIndexes`, and Query and Scan encode an ExclusiveStartKey with
 * the exported `createIndexKey`; replacing those two routes multi-attribute indexes to monotable's
 * encoding and leaves every other index, and every table without one, on dynalite's own path.
 */
export function keepMultiAttributeIndexes(): void {
  const originalUpdate = dynaliteDb.updateIndexes as typeof dynaliteDb.updateIndexes & {
    [PATCHED]?: true
  }
  if (originalUpdate[PATCHED]) return
  const originalCreateKey = dynaliteDb.createIndexKey

  const updateIndexes: typeof dynaliteDb.updateIndexes = (store, table, before, after, done) => {
    const multi = multiAttributeIndexesOf(table)
    if (multi.length === 0) return originalUpdate(store, table, before, after, done)
    const ordinary = {
      ...table,
      GlobalSecondaryIndexes: table.GlobalSecondaryIndexes?.filter(index => !multi.includes(index))
    }
    originalUpdate(store, ordinary, before, after, error => {
      if (error) return done(error)
      const changes = multiAttributeChanges(table, multi, before, after)
      applyIndexChanges(store, table.TableName, changes).then(() => done(), done)
    })
  }
  Object.defineProperty(updateIndexes, PATCHED, { value: true })
  dynaliteDb.updateIndexes = updateIndexes
  dynaliteDb.createIndexKey = (item, table, keySchema) =>
    isMultiAttributeKey(keySchema)
      ? (encodeIndexKey(table, keySchema, item) ?? '')
      : originalCreateKey(item, table, keySchema)
}

const PATCHED = Symbol.for('monotable.multiAttributeIndexes')
