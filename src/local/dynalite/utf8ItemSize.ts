import { numberBytes } from '../../client/numberSize.js'
import { type AttributeValue, dynaliteDb, type StoredItem } from './internals.js'

/**
 * DynamoDB counts item sizes in UTF-8 bytes; dynalite counts string values and attribute names in
 * UTF-16 units, so it accepts oversized non-ASCII items. Every item-size limit check in dynalite
 * (PutItem, BatchWriteItem, UpdateItem) calls its exported `itemSize` with the item alone, so the
 * fix goes there: with one argument it now counts UTF-8 bytes; the other uses (capacity units,
 * query page sizes) keep dynalite's own arithmetic.
 */
export function countItemSizesInUtf8(): void {
  const original = dynaliteDb.itemSize as typeof dynaliteDb.itemSize & { [PATCHED]?: true }
  if (original[PATCHED]) return
  const patched = (item: StoredItem, ...rest: unknown[]) =>
    rest.length === 0 || rest.every(argument => !argument)
      ? utf8ItemSize(item)
      : original(item, ...rest)
  Object.defineProperty(patched, PATCHED, { value: true })
  dynaliteDb.itemSize = patched
}

const PATCHED = Symbol.for('monotable.utf8ItemSize')

export function utf8ItemSize(item: StoredItem): number {
  let size = 0
  for (const name in item) size += Buffer.byteLength(name) + valueSize(item[name] as AttributeValue)
  return size
}

function valueSize(value: AttributeValue): number {
  const [type] = Object.keys(value)
  const content = value[type as string]
  switch (type) {
    case 'S':
      return Buffer.byteLength(content as string)
    case 'B':
      return Buffer.from(content as string, 'base64').length
    case 'N':
      return numberBytes(content as string)
    case 'SS':
    case 'NS':
    case 'BS': {
      const elementType = (type as string).slice(0, 1)
      return (content as string[]).reduce(
        (sum, element) => sum + valueSize({ [elementType]: element }),
        0
      )
    }
    case 'NULL':
    case 'BOOL':
      return 1
    case 'L':
      return (
        3 + (content as AttributeValue[]).reduce((sum, element) => sum + 1 + valueSize(element), 0)
      )
    case 'M': {
      const entries = Object.entries(content as Record<string, AttributeValue>)
      return (
        3 +
        entries.reduce(
          (sum, [name, element]) => sum + 1 + Buffer.byteLength(name) + valueSize(element),
          0
        )
      )
    }
    default:
      return 0
  }
}
