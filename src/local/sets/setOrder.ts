import type { AttributeValue, StoredItem } from '../dynalite/internals.js'
import { numberKeyBytes } from '../indexes/localKeyHash.js'

/**
 * The two orders DynamoDB Local gives set members. A set it reads from a request comes in Java's
 * order (strings by UTF-16 code units, binaries by signed bytes); a set an UpdateExpression's ADD
 * or DELETE changes comes in byte order (strings by UTF-8 bytes, binaries by unsigned bytes).
 * Numbers are by value in both.
 */
export type SetOrder = 'java' | 'bytes'

type Compare = (left: string, right: string) => number

const COMPARE: Record<SetOrder, Record<'SS' | 'NS' | 'BS', Compare>> = {
  java: { SS: compareUtf16, NS: compareNumbers, BS: compareSignedBytes },
  bytes: { SS: compareUtf8, NS: compareNumbers, BS: compareUnsignedBytes }
}

/** Sorts, in place, the members of every set in an item, maps and lists included. */
export function sortItemSets(item: StoredItem, order: SetOrder): void {
  for (const name in item) sortSets(item[name] as AttributeValue, order)
}

/** Sorts, in place, the members of a set value, or of every set inside a map or list value. */
export function sortSets(value: AttributeValue, order: SetOrder): void {
  for (const type of ['SS', 'NS', 'BS'] as const) {
    const members = value[type]
    if (Array.isArray(members)) return sortIfNeeded(members as string[], COMPARE[order][type])
  }
  if (Array.isArray(value.L))
    for (const element of value.L) sortSets(element as AttributeValue, order)
  else if (typeof value.M === 'object' && value.M !== null) {
    sortItemSets(value.M as StoredItem, order)
  }
}

function sortIfNeeded(members: string[], compare: Compare): void {
  for (let index = 1; index < members.length; index++) {
    if (compare(members[index - 1] as string, members[index] as string) > 0) {
      members.sort(compare)
      return
    }
  }
}

function compareUtf16(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0
}

function compareUtf8(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'))
}

/** DynamoDB's number key encoding orders numbers by value, so byte order is numeric order. */
function compareNumbers(left: string, right: string): number {
  return Buffer.compare(numberKeyBytes(left), numberKeyBytes(right))
}

function compareUnsignedBytes(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'base64'), Buffer.from(right, 'base64'))
}

/** Flipping the top bit makes unsigned byte comparison order the bytes as signed ones. */
function compareSignedBytes(left: string, right: string): number {
  return Buffer.compare(flipTopBits(left), flipTopBits(right))
}

function flipTopBits(base64: string): Buffer {
  const bytes = Buffer.from(base64, 'base64')
  for (let index = 0; index < bytes.length; index++) bytes[index] = (bytes[index] as number) ^ 0x80
  return bytes
}
