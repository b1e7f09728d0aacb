import { numberKeyBytes } from '../indexes/localKeyHash.js'
import { type AttributeValue, dynaliteDb, type StoredItem } from './internals.js'

/**
 * DynamoDB Local stores set members sorted, so every read (GetItem, Query, Scan, batch and
 * transactional reads, ReturnValues, the item of a failed condition) returns them in that order:
 * strings by UTF-16 code units (Java's String order), numbers by value, binaries by signed bytes
 * (Java's ByteBuffer order), also inside maps and lists. dynalite keeps insertion order. Every
 * write action hands its new item to `updateIndexes` before storing it (and before answering with
 * it), so the members are sorted there, in place.
 */
export function sortSetsOnWrite(): void {
  const updateIndexes = dynaliteDb.updateIndexes as typeof dynaliteDb.updateIndexes & {
    [PATCHED]?: true
  }
  if (updateIndexes[PATCHED]) return
  const sorting: typeof dynaliteDb.updateIndexes = (store, table, before, after, done) => {
    if (after) sortSetMembers(after)
    updateIndexes(store, table, before, after, done)
  }
  Object.defineProperty(sorting, PATCHED, { value: true })
  dynaliteDb.updateIndexes = sorting
}

const PATCHED = Symbol.for('monotable.sortedSets')

export function sortSetMembers(item: StoredItem): void {
  for (const name in item) sortValue(item[name] as AttributeValue)
}

function sortValue(value: AttributeValue): void {
  if (Array.isArray(value.SS)) sortIfNeeded(value.SS as string[], compareStrings)
  else if (Array.isArray(value.NS)) sortIfNeeded(value.NS as string[], compareNumbers)
  else if (Array.isArray(value.BS)) sortIfNeeded(value.BS as string[], compareBinaries)
  else if (Array.isArray(value.L))
    for (const element of value.L) sortValue(element as AttributeValue)
  else if (typeof value.M === 'object' && value.M !== null) sortSetMembers(value.M as StoredItem)
}

function sortIfNeeded(members: string[], compare: (left: string, right: string) => number): void {
  for (let index = 1; index < members.length; index++) {
    if (compare(members[index - 1] as string, members[index] as string) > 0) {
      members.sort(compare)
      return
    }
  }
}

function compareStrings(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0
}

/** DynamoDB's number key encoding orders numbers by value, so byte order is numeric order. */
function compareNumbers(left: string, right: string): number {
  return Buffer.compare(numberKeyBytes(left), numberKeyBytes(right))
}

function compareBinaries(left: string, right: string): number {
  return Buffer.compare(signedOrder(left), signedOrder(right))
}

/** Flipping the top bit makes unsigned byte comparison order the bytes as signed ones. */
function signedOrder(base64: string): Buffer {
  const bytes = Buffer.from(base64, 'base64')
  for (let index = 0; index < bytes.length; index++) bytes[index] = (bytes[index] as number) ^ 0x80
  return bytes
}
