import { sortSets } from '../sets/setOrder.js'
import { type AttributeValue, dynaliteDb, type StoredItem } from './internals.js'
import { requestOf } from './requestOfStore.js'

interface UpdateSection {
  type: string
  path: (string | number)[]
  attrType?: string
}

/**
 * DynamoDB Local sorts a set that an UpdateExpression's ADD or DELETE changes (adds or removes
 * members of an existing set) in byte order, where dynalite appends or filters in place; a set
 * whose members did not change keeps its order. UpdateItem hands old and new item to
 * `updateIndexes` before storing or answering with the new one, and its request rides on the
 * store it was given, so the changed sets are sorted there, in place.
 */
export function sortUpdatedSets(): void {
  const updateIndexes = dynaliteDb.updateIndexes as typeof dynaliteDb.updateIndexes & {
    [PATCHED]?: true
  }
  if (updateIndexes[PATCHED]) return
  const sorting: typeof dynaliteDb.updateIndexes = (store, table, before, after, done) => {
    const sections = (requestOf(store)?._updates as { sections?: UpdateSection[] } | undefined)
      ?.sections
    if (before && after && sections) sortChangedSets(sections, before, after)
    updateIndexes(store, table, before, after, done)
  }
  Object.defineProperty(sorting, PATCHED, { value: true })
  dynaliteDb.updateIndexes = sorting
}

const PATCHED = Symbol.for('monotable.sortedSets')

function sortChangedSets(sections: UpdateSection[], before: StoredItem, after: StoredItem): void {
  for (const { type, path, attrType } of sections) {
    if ((type !== 'add' && type !== 'delete') || attrType === undefined) continue
    const now = dynaliteDb.mapPath(path, after) as AttributeValue | undefined
    const then = dynaliteDb.mapPath(path, before) as AttributeValue | undefined
    const members = now?.[attrType]
    const previous = then?.[attrType]
    if (Array.isArray(members) && Array.isArray(previous) && members.length !== previous.length) {
      sortSets(now as AttributeValue, 'bytes')
    }
  }
}
