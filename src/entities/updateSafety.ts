import {
  isExtension,
  isRemoval,
  isSetting,
  $SET
} from 'dynamodb-toolbox/entity/actions/update/symbols'

/**
 * Whether an update leaves the same item when DynamoDB applies it twice: it only sets values
 * (`$set` of plain values, nested values, `$remove()`). Anything computed from the stored item is
 * not: `$add`, `$subtract`, `$sum`, `$append`, `$prepend`, set `$add`/`$delete`, and `$get`
 * references. Such an update must not be sent again after an attempt whose answer was lost.
 */
export function isRepeatableUpdate(input: unknown): boolean {
  return repeatable(input, 0)
}

const MAX_DEPTH = 32

function repeatable(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return true
  if (isExtension(value)) {
    if (isRemoval(value)) return true
    if (isSetting(value)) return repeatable((value as Record<symbol, unknown>)[$SET], depth + 1)
    return false
  }
  if (value instanceof Set || value instanceof Uint8Array) return true
  const members = Array.isArray(value) ? value : Object.values(value)
  return members.every(member => repeatable(member, depth + 1))
}
